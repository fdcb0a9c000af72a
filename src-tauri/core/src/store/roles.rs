//! Roles the office server enforces: `chizai_staff`, `chizai_admin`, `chizai_auditor`.
//!
//! The desk shows what a role may do, but the database decides: each group role holds table
//! privileges, and a login is a member of exactly one. No role may UPDATE or DELETE the audit
//! trail (and the trail's triggers refuse it even to a role that had the privilege).
//!
//! * `chizai_auditor` reads everything and writes nothing.
//! * `chizai_staff` reads everything and writes the portfolio, docket, agreements, activity and
//!   money records; it appends to the audit trail.
//! * `chizai_admin` is staff plus the institution's settings, KPI targets, compensation rules and
//!   the policy documents (approval), and grants roles to others.

use serde::Serialize;

use super::{AuditEntity, Conn, Engine, Store};
use crate::error::{CoreError, Result};

/// A Chizai role a login can be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Admin,
    Auditor,
}

impl Role {
    pub fn parse(text: &str) -> Result<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "staff" => Ok(Role::Staff),
            "admin" => Ok(Role::Admin),
            "auditor" => Ok(Role::Auditor),
            other => Err(CoreError::invalid(
                "role",
                format!("{other:?} is not a role: use staff, admin or auditor"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    fn group(self) -> &'static str {
        match self {
            Role::Staff => "chizai_staff",
            Role::Admin => "chizai_admin",
            Role::Auditor => "chizai_auditor",
        }
    }
}

const GROUPS: [&str; 3] = ["chizai_auditor", "chizai_staff", "chizai_admin"];

/// Tables only an administrator writes: the institution's settings and what the office is judged
/// against or bound by.
const ADMIN_TABLES: &[&str] = &[
    "institution",
    "kpi_target",
    "compensation_rule",
    "compensation_tier",
    "policy_document",
    "policy_version",
    "reminder_settings",
];

/// Tables nobody writes through a role: the schema's own record and the append-only trail.
const NOT_STAFF: &[&str] = &["schema_migration", "audit_log"];

/// A login and the Chizai role it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Grant {
    pub login: String,
    pub role: Role,
}

fn server_only(store: &Store) -> Result<&super::server::ServerSession> {
    store.server().ok_or_else(|| {
        CoreError::invalid(
            "database",
            "roles live on an office server: pass --db postgres://USER@HOST/DBNAME",
        )
    })
}

/// `"name"`, quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Creates the group roles if missing and gives each its privileges on every table now in the
/// schema (run again after a migration adds tables). Only the database's owner can do this.
pub(crate) fn ensure_groups(conn: &Conn) -> Result<()> {
    if conn.engine() != Engine::Postgres {
        return Ok(());
    }
    let mut sql = String::new();
    for g in GROUPS {
        sql.push_str(&format!(
            "DO $$ BEGIN CREATE ROLE {g} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
        ));
        sql.push_str(&format!(
            "GRANT USAGE ON SCHEMA public TO {g}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {g};\n"
        ));
    }
    let tables: Vec<String> = conn
        .prepare("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_>>()?;
    for t in &tables {
        if NOT_STAFF.contains(&t.as_str()) {
            continue;
        }
        let writer = if ADMIN_TABLES.contains(&t.as_str()) {
            "chizai_admin"
        } else {
            "chizai_staff, chizai_admin"
        };
        sql.push_str(&format!(
            "GRANT INSERT, UPDATE, DELETE ON {} TO {writer};\n",
            ident(t)
        ));
    }
    sql.push_str(
        "GRANT INSERT ON audit_log TO chizai_staff, chizai_admin;
         REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM chizai_staff, chizai_admin, chizai_auditor;
         REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM chizai_auditor;
         GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO chizai_staff, chizai_admin;
         GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO chizai_auditor;\n",
    );
    conn.execute_batch(&sql)
}

/// Whether the group roles exist yet (the first grant creates them).
pub(crate) fn groups_exist(conn: &Conn) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) = 3 FROM pg_roles WHERE rolname IN ('chizai_staff', 'chizai_admin', 'chizai_auditor')",
        [],
        |r| r.get(0),
    )
}

/// Grants `login` the Chizai role `role` (and no other), creating the group roles if missing.
/// The owner of the database or an administrator may grant; the login must exist on the server.
pub fn grant(store: &mut Store, login: &str, role: Role) -> Result<Grant> {
    let session = server_only(store)?.clone();
    let login = login.trim();
    if login.is_empty() || login.len() > 63 {
        return Err(CoreError::invalid(
            "login",
            "give the server login name (1–63 characters)",
        ));
    }
    if !matches!(session.role.as_str(), "owner" | "admin") {
        return Err(CoreError::ReadOnly(format!(
            "granting roles (signed in as {} with role {}; the database owner or a Chizai administrator grants)",
            session.login, session.role
        )));
    }
    let now = chrono::Utc::now();
    let actor = super::Actor(session.login.clone());
    store.write(&actor, now, "granting a role", |w| {
        let conn = w.tx();
        let exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM pg_roles WHERE rolname = ?1",
            [login],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(CoreError::NotFound {
                what: "server login",
                key: format!(
                    "{login} (ask the server's administrator to create it: createuser {login})"
                ),
            });
        }
        if session.role == "owner" {
            ensure_groups(conn)?;
        } else if !groups_exist(conn)? {
            return Err(CoreError::ReadOnly(
                "the first grant (the database owner creates the Chizai roles)".to_owned(),
            ));
        }
        let mut sql = String::new();
        for g in GROUPS {
            sql.push_str(&format!("REVOKE {g} FROM {};\n", ident(login)));
        }
        let option = if role == Role::Admin {
            " WITH ADMIN OPTION"
        } else {
            ""
        };
        sql.push_str(&format!(
            "GRANT {} TO {}{option};\n",
            role.group(),
            ident(login)
        ));
        if role == Role::Admin {
            // An administrator grants and revokes the other roles too.
            sql.push_str(&format!(
                "GRANT chizai_staff, chizai_auditor TO {} WITH ADMIN OPTION;\n",
                ident(login)
            ));
        }
        conn.execute_batch(&sql)?;
        let grant = Grant {
            login: login.to_owned(),
            role,
        };
        w.audit(
            AuditEntity::ServerRole,
            login,
            super::Action::Update,
            None::<&()>,
            Some(&grant),
        )?;
        Ok(grant)
    })
}

/// Takes every Chizai role from `login` (the login itself stays: it is the server's).
pub fn revoke(store: &mut Store, login: &str) -> Result<()> {
    let session = server_only(store)?.clone();
    if !matches!(session.role.as_str(), "owner" | "admin") {
        return Err(CoreError::ReadOnly(format!(
            "revoking roles (signed in as {} with role {})",
            session.login, session.role
        )));
    }
    let login = login.trim();
    let actor = super::Actor(session.login.clone());
    store.write(&actor, chrono::Utc::now(), "revoking a role", |w| {
        let mut sql = String::new();
        for g in GROUPS {
            sql.push_str(&format!("REVOKE {g} FROM {};\n", ident(login)));
        }
        w.tx().execute_batch(&sql)?;
        w.audit(
            AuditEntity::ServerRole,
            login,
            super::Action::Delete,
            None::<&()>,
            None::<&()>,
        )?;
        Ok(())
    })
}

/// Every login holding a Chizai role, with the role.
pub fn list(store: &Store) -> Result<Vec<Grant>> {
    server_only(store)?;
    store
        .conn()
        .prepare(
            "SELECT m.rolname, g.rolname FROM pg_auth_members a
               JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
              WHERE g.rolname IN ('chizai_staff', 'chizai_admin', 'chizai_auditor')
                AND m.rolcanlogin ORDER BY m.rolname, g.rolname",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>>>()
        .map(|rows| {
            let mut out: Vec<Grant> = Vec::new();
            for (login, group) in rows {
                let role = match group.as_str() {
                    "chizai_admin" => Role::Admin,
                    "chizai_staff" => Role::Staff,
                    _ => Role::Auditor,
                };
                match out.iter_mut().find(|g| g.login == login) {
                    // An administrator is also a member (with admin option) of the others.
                    Some(g) if role == Role::Admin => g.role = Role::Admin,
                    Some(_) => {}
                    None => out.push(Grant { login, role }),
                }
            }
            out
        })
}
