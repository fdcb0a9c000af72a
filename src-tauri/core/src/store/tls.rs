//! TLS to the office server, with libpq's `sslmode` meanings so a URL means what it means to
//! `psql` and to the university's IT:
//!
//! | sslmode            | encrypted            | certificate checked                             |
//! |--------------------|----------------------|-------------------------------------------------|
//! | `disable`          | no                   | —                                               |
//! | `allow`, `prefer` (default) | if the server offers it | no                               |
//! | `require`          | yes                  | no — unless `sslrootcert` is given (then as verify-ca) |
//! | `verify-ca`        | yes                  | signed by a trusted CA                          |
//! | `verify-full`      | yes                  | signed by a trusted CA and issued for the host  |
//!
//! Trusted CAs: the file `sslrootcert=/path/ca.crt` (PEM) when the URL names one, else
//! `~/.postgresql/root.crt` when it exists (libpq's default), else the system's store (where
//! university IT installs its CA). A local socket never uses TLS, as in libpq. rustls with ring:
//! no OpenSSL to install on a desk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{CoreError, Result};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// What the URL asks of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsOptions {
    pub mode: SslMode,
    pub root_cert: Option<PathBuf>,
}

impl TlsOptions {
    /// The mode rust-postgres negotiates with (it knows disable, prefer and require; the checks of
    /// verify-ca and verify-full are this module's verifier).
    pub fn negotiation(&self) -> postgres::config::SslMode {
        match self.mode {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                postgres::config::SslMode::Require
            }
        }
    }
}

/// Takes `sslmode` and `sslrootcert` out of the URL's query (rust-postgres refuses verify-ca,
/// verify-full and sslrootcert), returning the rest of the URL and what they asked.
pub(crate) fn split_tls(url: &str) -> Result<(String, TlsOptions)> {
    let mut opts = TlsOptions {
        mode: SslMode::Prefer,
        root_cert: None,
    };
    let Some((head, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), opts));
    };
    let mut rest: Vec<&str> = Vec::new();
    for kv in query.split('&') {
        match kv.split_once('=') {
            Some(("sslmode", v)) => {
                opts.mode = match v {
                    "disable" => SslMode::Disable,
                    "allow" => SslMode::Allow,
                    "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(CoreError::invalid(
                            "database",
                            format!(
                                "sslmode={other} is not a TLS mode: use disable, prefer, require, \
                                 verify-ca or verify-full"
                            ),
                        ))
                    }
                }
            }
            Some(("sslrootcert", v)) if !v.is_empty() => {
                opts.root_cert = Some(PathBuf::from(percent_decoded(v)));
            }
            _ => rest.push(kv),
        }
    }
    let url = if rest.is_empty() {
        head.to_owned()
    } else {
        format!("{head}?{}", rest.join("&"))
    };
    Ok((url, opts))
}

/// `%2F` and friends in a path given in a URL (`sslrootcert=%2Fetc%2Fssl%2Fca.crt`).
fn percent_decoded(v: &str) -> String {
    percent_encoding::percent_decode_str(v)
        .decode_utf8_lossy()
        .into_owned()
}

/// The TLS connector for `opts`.
pub(crate) fn connector(opts: &TlsOptions) -> Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| CoreError::invalid("database", format!("TLS set-up failed: {e}")))?;
    let check = match (opts.mode, &opts.root_cert) {
        (SslMode::VerifyFull, _) => Check::Full,
        (SslMode::VerifyCa, _) | (SslMode::Require, Some(_)) => Check::Ca,
        _ => Check::None,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::None => Arc::new(Unchecked(provider)),
        Check::Ca | Check::Full => {
            let roots = trusted_roots(opts.root_cert.as_deref())?;
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| CoreError::invalid("database", format!("sslrootcert: {e}")))?;
            if check == Check::Full {
                webpki
            } else {
                Arc::new(AnyName(webpki))
            }
        }
    };
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    None,
    Ca,
    Full,
}

/// The CAs a checked connection trusts (see the module's header).
fn trusted_roots(root_cert: Option<&Path>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    let default = directories::BaseDirs::new().map(|d| d.home_dir().join(".postgresql/root.crt"));
    let file = root_cert
        .map(Path::to_path_buf)
        .or_else(|| default.filter(|p| p.is_file()));
    if let Some(file) = file {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&file)
            .and_then(|it| it.collect::<std::result::Result<_, _>>())
            .map_err(|e| {
                CoreError::invalid(
                    "database",
                    format!(
                        "sslrootcert {}: cannot read a PEM certificate there ({e}); give the \
                         office CA's certificate file",
                        file.display()
                    ),
                )
            })?;
        let (added, _) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(CoreError::invalid(
                "database",
                format!(
                    "sslrootcert {}: no certificate in it; give the office CA's certificate (PEM)",
                    file.display()
                ),
            ));
        }
        return Ok(roots);
    }
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    Ok(roots)
}

/// libpq's prefer/require without a CA: encrypted, the certificate not checked (the handshake's
/// signatures still are).
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// verify-ca: the chain must lead to a trusted CA; the name it was issued for is not checked.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// The one line for a TLS failure, or None when `e` is not one.
pub(crate) fn explain(e: &postgres::Error, label: &str) -> Option<String> {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    if text.contains("server does not support TLS") {
        return Some(format!(
            "{label} does not offer TLS, and the URL's sslmode requires it: ask IT to enable ssl \
             on the server, or connect with sslmode=prefer on a trusted network"
        ));
    }
    if text.contains("UnknownIssuer") || text.contains("unknown issuer") {
        return Some(format!(
            "{label}: the server's certificate is not signed by a CA this desk trusts; add \
             sslrootcert=/path/to/the-office-ca.crt to the URL (or install the CA in the system)"
        ));
    }
    if text.contains("NotValidForName") || text.contains("not valid for name") {
        return Some(format!(
            "{label}: the server's certificate was issued for another name; connect with the host \
             name on the certificate, or use sslmode=verify-ca"
        ));
    }
    if text.contains("invalid peer certificate") || text.contains("InvalidCertificate") {
        return Some(format!(
            "{label}: the server's certificate was refused ({text}); ask IT which CA signs it"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_url_keeps_everything_but_the_tls_options() {
        let (url, o) = split_tls(
            "postgres://chizai@db.example.ac.jp/ip?sslmode=verify-full&sslrootcert=%2Fetc%2Fchizai%2Fca.crt&port=5433",
        )
        .unwrap();
        assert_eq!(url, "postgres://chizai@db.example.ac.jp/ip?port=5433");
        assert_eq!(o.mode, SslMode::VerifyFull);
        assert_eq!(
            o.root_cert,
            Some(PathBuf::from("/etc/chizai/ca.crt")),
            "percent-decoded"
        );
        assert_eq!(o.negotiation(), postgres::config::SslMode::Require);
        let (url, o) = split_tls("postgres://chizai@db/ip").unwrap();
        assert_eq!(
            (url.as_str(), o.mode),
            ("postgres://chizai@db/ip", SslMode::Prefer),
            "libpq's default"
        );
        let (url, _) = split_tls("postgres://chizai@db/ip?sslmode=disable").unwrap();
        assert_eq!(url, "postgres://chizai@db/ip", "no empty query left");
    }

    #[test]
    fn an_unknown_mode_is_refused_naming_the_modes() {
        let err = split_tls("postgres://chizai@db/ip?sslmode=verify").unwrap_err();
        assert!(err.to_string().contains("verify-full"), "{err}");
    }

    #[test]
    fn a_root_certificate_that_is_not_one_is_refused_before_connecting() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("ca.crt");
        std::fs::write(&bad, "not a certificate").unwrap();
        let opts = TlsOptions {
            mode: SslMode::VerifyFull,
            root_cert: Some(bad),
        };
        let err = connector(&opts).err().unwrap();
        assert!(err.to_string().contains("sslrootcert"), "{err}");
    }
}
