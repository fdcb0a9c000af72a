//! Secrets that must never reach the database: looked up from the environment first (a server's
//! scheduled job sets them there), then from the OS keyring (macOS Keychain, Windows Credential
//! Manager, the Secret Service on a Linux desktop) under the service `chizai` and an account key
//! such as `smtp:USER@HOST`.
//!
//! The keyring is only asked when the environment has nothing, and its absence (a headless server
//! without a Secret Service, a locked keychain) is "no secret", reported with the reason so the
//! caller can say what to set — never an error that hides the environment variable.

/// The service name every Chizai secret is kept under in the OS keyring.
pub const SERVICE: &str = "chizai";

/// Where a secret was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An environment variable.
    Env,
    /// The OS keyring.
    Keyring,
}

/// A secret and where it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    pub value: String,
    pub source: Source,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("value", &"<hidden>")
            .field("source", &self.source)
            .finish()
    }
}

/// The secret in the environment variable `env`, else the keyring's entry for `account`; `Err`
/// says why neither had one (for the message that asks for it).
pub fn lookup(env: &str, account: &str) -> Result<Secret, String> {
    if let Ok(value) = std::env::var(env) {
        if !value.is_empty() {
            return Ok(Secret {
                value,
                source: Source::Env,
            });
        }
    }
    match keyring::Entry::new(SERVICE, account).and_then(|e| e.get_password()) {
        Ok(value) => Ok(Secret {
            value,
            source: Source::Keyring,
        }),
        Err(keyring::Error::NoEntry) => Err(format!(
            "neither {env} nor the OS keyring (service {SERVICE}, account {account}) holds it"
        )),
        Err(e) => Err(format!(
            "{env} is not set and the OS keyring could not be read ({e})"
        )),
    }
}

/// Stores `value` in the OS keyring under `account` (the desktop's settings screen).
pub fn store(account: &str, value: &str) -> Result<(), String> {
    keyring::Entry::new(SERVICE, account)
        .and_then(|e| e.set_password(value))
        .map_err(|e| format!("the OS keyring refused the password ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_and_the_value_is_never_printed() {
        let var = "CHIZAI_TEST_SECRET_LOOKUP";
        std::env::set_var(var, "s3cret");
        let found = lookup(var, "test:nobody").unwrap();
        std::env::remove_var(var);
        assert_eq!(found.source, Source::Env);
        assert_eq!(found.value, "s3cret");
        assert!(
            !format!("{found:?}").contains("s3cret"),
            "a secret must not leak into logs through Debug"
        );
    }
}
