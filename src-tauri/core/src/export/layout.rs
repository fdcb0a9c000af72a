//! Which register is laid out by which file: one file per register, each with its columns and
//! rows, written the same way for every file format (see [`super::sheet`]).

use super::sheet::Sheet;
use super::{
    activities, agreements, applications, costs, deadlines, disclosures, income, people, policies,
    Register,
};
use crate::error::Result;
use crate::portfolio;

/// Lays out `register` from the database.
pub fn layout(conn: &crate::store::Conn, register: Register) -> Result<Sheet> {
    match register {
        Register::Applications => applications::sheet(conn),
        Register::Disclosures => disclosures::sheet(conn),
        Register::Costs => costs::sheet(conn),
        Register::People => people::people(conn),
        Register::Organisations => people::organisations(conn),
        Register::Agreements => agreements::sheet(conn),
        Register::Policies => policies::sheet(conn),
        Register::Activities => activities::sheet(conn),
        Register::Income => income::sheet(conn),
        Register::Deadlines => deadlines::sheet(conn),
    }
}

/// The register's records as pretty JSON (the core's serde types, ids included).
pub fn json(conn: &crate::store::Conn, register: Register) -> Result<Vec<u8>> {
    let value = match register {
        Register::Applications => serde_json::to_value(portfolio::list_all_applications(conn)?)?,
        Register::Disclosures => serde_json::to_value(portfolio::list_disclosures(conn, false)?)?,
        Register::Costs => serde_json::to_value(portfolio::list_costs(conn, None)?)?,
        Register::People => serde_json::to_value(portfolio::list_people(conn)?)?,
        Register::Organisations => serde_json::to_value(portfolio::list_organisations(conn)?)?,
        Register::Agreements => serde_json::to_value(crate::agreements::list_all(conn)?)?,
        Register::Policies => serde_json::to_value(crate::policies::list_all(conn)?)?,
        Register::Activities => serde_json::to_value(crate::activities::list_all(conn)?)?,
        Register::Income => serde_json::to_value(crate::money::list_all_income(conn)?)?,
        Register::Deadlines => serde_json::to_value(super::deadlines::all_deadlines(conn)?)?,
    };
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
