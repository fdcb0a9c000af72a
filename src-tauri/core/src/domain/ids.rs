//! Newtype IDs: an `ApplicationId` can never be passed where a `DisclosureId` is meant.

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    )*};
}
pub(crate) use id_type;

id_type!(
    /// A person: inventor, staff member or outside expert.
    PersonId,
    /// A company, TLO, patent firm, funding agency, university…
    OrganisationId,
    /// An invention disclosure (発明届出).
    DisclosureId,
    /// A patent family: the applications that share one invention.
    FamilyId,
    /// One application or right at one office.
    ApplicationId,
    /// A dated event on an application (office action dispatched, grant decision served, …).
    EventId,
    /// A cost ledger entry.
    CostId,
    /// A stored attachment.
    AttachmentId,
    /// A docket deadline (generated from a rule or entered by hand).
    DeadlineId,
);
