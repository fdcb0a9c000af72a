//! Domain nouns shared by every area: newtype IDs and the closed vocabularies (office, right type,
//! status, event kind, …) with the exact strings stored in the database and shown in JSON.

mod ids;
mod vocab;

pub use ids::*;
pub use vocab::*;
