//! `chizai server …`: the office server's roles (grant, revoke, list) and who this desk is signed
//! in as. The database enforces the roles; these commands only manage memberships.

use clap::Subcommand;

use chizai_core::store::roles::{self, Role};

use crate::context::Ctx;
use crate::error::{CliError, CliResult};
use crate::output::{self, Format};

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Grant a server login a Chizai role (creating the roles on first use); run by the database
    /// owner or a Chizai administrator. The login must exist on the server (createuser LOGIN).
    Grant {
        /// The server login name.
        login: String,
        /// staff (the portfolio, docket, agreements), admin (also settings, targets, policies,
        /// grants) or auditor (read only).
        #[arg(long = "as", value_name = "ROLE")]
        role: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Take every Chizai role from a login (the login itself stays).
    Revoke { login: String },
    /// Every login holding a Chizai role.
    Roles {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The server, login and role this desk signs in as.
    Whoami {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, cmd: ServerCommand) -> CliResult<()> {
    if ctx.server.is_none() {
        return Err(CliError::usage(
            "`chizai server` works on an office server: pass --db postgres://USER@HOST/DBNAME (or set CHIZAI_DB)",
        ));
    }
    match cmd {
        ServerCommand::Grant {
            login,
            role,
            format,
        } => {
            let mut store = ctx.open_for_write()?;
            let grant = roles::grant(&mut store, &login, Role::parse(&role)?)?;
            match format {
                Format::Json => output::json(&grant)?,
                Format::Table => {
                    println!("{} now holds the role {}", grant.login, grant.role.as_str())
                }
            }
        }
        ServerCommand::Revoke { login } => {
            let mut store = ctx.open_for_write()?;
            roles::revoke(&mut store, &login)?;
            println!("{login} holds no Chizai role now");
        }
        ServerCommand::Roles { format } => {
            let store = ctx.open_existing()?;
            let list = roles::list(&store)?;
            match format {
                Format::Json => output::json(&list)?,
                Format::Table => output::table(
                    &["login", "role"],
                    &list
                        .iter()
                        .map(|g| vec![g.login.clone(), g.role.as_str().to_owned()])
                        .collect::<Vec<_>>(),
                ),
            }
        }
        ServerCommand::Whoami { format } => {
            let store = ctx.open_existing()?;
            let Some(session) = store.server() else {
                return Err(CliError::usage("not on an office server"));
            };
            match format {
                Format::Json => output::json(session)?,
                Format::Table => {
                    let link = if session.tls { "TLS" } else { "not encrypted" };
                    println!(
                        "{} as {} ({}; {link})",
                        session.label, session.login, session.role
                    )
                }
            }
        }
    }
    Ok(())
}
