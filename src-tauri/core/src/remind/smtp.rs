//! Where the digests go: an SMTP server named by a URL (the CLI's `--smtp` or `CHIZAI_SMTP`) or by
//! the settings, and the delivery of one message through lettre's SMTP client (no hand-written
//! SMTP).
//!
//! URLs: `smtp://[USER@]HOST[:PORT]` is STARTTLS (required) unless `?tls=none` asks for a plain
//! connection (a relay on the server's loopback); `?tls=starttls` says the default out loud;
//! `smtps://[USER@]HOST[:PORT]` is implicit TLS. A URL carrying a password is refused: the
//! password comes from `CHIZAI_SMTP_PASSWORD` or the OS keyring (account `smtp:USER@HOST`),
//! never from a command line (visible to every user in `ps`) or the database.

use std::time::Duration;

use lettre::address::Address;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Serialize;

use super::{ReminderSettings, SmtpSecurity};
use crate::error::{CoreError, Result};

/// The environment variable the SMTP password is read from (before the OS keyring).
pub const PASSWORD_ENV: &str = "CHIZAI_SMTP_PASSWORD";

/// How long one SMTP conversation may take before it is given up (and logged as failed).
const TIMEOUT: Duration = Duration::from_secs(30);

/// An SMTP server to send through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub user: Option<String>,
}

impl SmtpTarget {
    /// Parses `smtp://…` or `smtps://…` (see the module's header).
    pub fn parse_url(text: &str) -> Result<SmtpTarget> {
        let field = "smtp";
        let url = url::Url::parse(text.trim()).map_err(|e| {
            CoreError::invalid(
                field,
                format!("`{text}` is not a URL ({e}): write smtp://HOST:PORT or smtps://HOST:PORT"),
            )
        })?;
        if url.password().is_some() {
            return Err(CoreError::invalid(
                field,
                format!(
                    "the URL carries a password: leave it out (smtp://USER@HOST:PORT) and set {PASSWORD_ENV} or store it in the OS keyring"
                ),
            ));
        }
        let mut security = match url.scheme() {
            "smtp" => SmtpSecurity::Starttls,
            "smtps" => SmtpSecurity::Tls,
            other => {
                return Err(CoreError::invalid(
                    field,
                    format!("`{other}://` is not an SMTP URL: use smtp:// (STARTTLS, or ?tls=none) or smtps:// (TLS)"),
                ))
            }
        };
        for (k, v) in url.query_pairs() {
            match (k.as_ref(), v.as_ref(), security) {
                ("tls", "none", SmtpSecurity::Starttls) => security = SmtpSecurity::None,
                ("tls", "starttls", SmtpSecurity::Starttls) => {}
                ("tls", other, _) => {
                    return Err(CoreError::invalid(
                        field,
                        format!("tls={other} is not understood here: smtp:// takes ?tls=starttls (the default) or ?tls=none; smtps:// is always TLS"),
                    ))
                }
                (other, _, _) => {
                    return Err(CoreError::invalid(
                        field,
                        format!("unknown URL option `{other}`: only ?tls= is understood"),
                    ))
                }
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| CoreError::invalid(field, format!("`{text}` names no host")))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let user = Some(url.username())
            .filter(|u| !u.is_empty())
            .map(percent_decode);
        Ok(SmtpTarget {
            port: url.port().unwrap_or(security.default_port()),
            host,
            security,
            user,
        })
    }

    /// The server in the settings, if one is set.
    pub fn from_settings(s: &ReminderSettings) -> Option<SmtpTarget> {
        let host = s.smtp_host.clone()?;
        Some(SmtpTarget {
            port: s.smtp_port.unwrap_or(s.smtp_security.default_port()),
            host,
            security: s.smtp_security,
            user: s.smtp_user.clone(),
        })
    }

    /// The keyring account of this server's password.
    pub fn keyring_account(&self) -> Option<String> {
        self.user
            .as_ref()
            .map(|u| format!("smtp:{u}@{}", self.host))
    }

    /// How the server is shown in messages (never with a password).
    pub fn label(&self) -> String {
        let scheme = match self.security {
            SmtpSecurity::Tls => "smtps",
            _ => "smtp",
        };
        let user = self
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        let tls = if self.security == SmtpSecurity::None {
            "?tls=none"
        } else {
            ""
        };
        format!("{scheme}://{user}{}:{}{tls}", self.host, self.port)
    }

    /// lettre's transport for this server, with the password looked up when a user is set.
    fn transport(&self) -> Result<SmtpTransport> {
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned()).map_err(|e| {
                CoreError::invalid("smtp", format!("TLS for {host} cannot be set up: {e}"))
            })
        };
        let builder = match self.security {
            SmtpSecurity::None => SmtpTransport::builder_dangerous(&self.host),
            SmtpSecurity::Starttls => {
                SmtpTransport::builder_dangerous(&self.host).tls(Tls::Required(tls(&self.host)?))
            }
            SmtpSecurity::Tls => {
                SmtpTransport::builder_dangerous(&self.host).tls(Tls::Wrapper(tls(&self.host)?))
            }
        };
        let mut builder = builder.port(self.port).timeout(Some(TIMEOUT));
        if let (Some(user), Some(account)) = (&self.user, self.keyring_account()) {
            let secret = crate::secrets::lookup(PASSWORD_ENV, &account).map_err(|why| {
                CoreError::invalid(
                    "smtp password",
                    format!("{} needs a password for {user}: {why}", self.label()),
                )
            })?;
            builder = builder.credentials(Credentials::new(user.clone(), secret.value));
        }
        Ok(builder.build())
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// An e-mail address, checked (`field` names the input in the error).
pub(crate) fn parse_mailbox(text: &str, field: &str) -> Result<Address> {
    text.trim().parse::<Address>().map_err(|e| {
        CoreError::invalid(
            field,
            format!("`{text}` is not an e-mail address ({e}), e.g. chizai@example.ac.jp"),
        )
    })
}

/// Sends `message` through `target`; `Err` is the server's or the connection's refusal, as text
/// for the log.
pub fn deliver(target: &SmtpTarget, message: &Message) -> std::result::Result<(), String> {
    let transport = target.transport().map_err(|e| e.to_string())?;
    transport
        .send(message)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", target.label()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_security_and_refuse_a_password() {
        let t = SmtpTarget::parse_url("smtp://127.0.0.1:2525?tls=none").unwrap();
        assert_eq!((t.port, t.security), (2525, SmtpSecurity::None));
        let t = SmtpTarget::parse_url("smtp://mail.example.ac.jp").unwrap();
        assert_eq!(
            (t.port, t.security),
            (587, SmtpSecurity::Starttls),
            "smtp:// without an option is STARTTLS on the submission port"
        );
        let t = SmtpTarget::parse_url("smtps://chizai%40office@mail.example.ac.jp").unwrap();
        assert_eq!(t.port, 465);
        assert_eq!(t.user.as_deref(), Some("chizai@office"));
        assert_eq!(
            t.keyring_account().as_deref(),
            Some("smtp:chizai@office@mail.example.ac.jp")
        );
        let e = SmtpTarget::parse_url("smtp://u:pw@mail.example.ac.jp").unwrap_err();
        assert!(e.to_string().contains(PASSWORD_ENV), "{e}");
        assert!(SmtpTarget::parse_url("http://mail.example.ac.jp").is_err());
        assert!(SmtpTarget::parse_url("smtps://h?tls=none").is_err());
        assert!(SmtpTarget::parse_url("smtp://h?foo=1").is_err());
    }
}
