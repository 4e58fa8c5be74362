//! HTTP to the cluster: one blocking `ureq` agent (its connections kept
//! and shared by the threads that send bulk requests), basic
//! authentication, TLS (rustls, with Mozilla's root certificates, or the
//! CA certificates given for a cluster with its own CA), and answers read
//! whatever their status.
//!
//! Credentials never reach a message: a URL's `user:password@` is taken
//! out before the URL is used or shown, and only the header carries them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use base64::Engine as _;

/// Largest answer read: a bulk answer is about 200 bytes a document.
const MAX_ANSWER: u64 = 256 << 20;

/// A cluster at one URL.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    /// `http://host:port` (and a path prefix, if any), without credentials
    /// or a trailing slash: safe to show.
    base: String,
    /// The `Authorization` header, when there are credentials.
    auth: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish()
    }
}

/// What the cluster answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The cluster's reason for an error answer: `type: reason` from its
    /// JSON error, or the start of the body.
    pub fn reason(&self) -> String {
        let json: serde_json::Value = serde_json::from_str(&self.body).unwrap_or_default();
        let error = &json["error"];
        match (error["type"].as_str(), error["reason"].as_str()) {
            (Some(kind), Some(reason)) => format!("{kind}: {reason}"),
            _ if error.is_string() => error.as_str().unwrap_or_default().to_owned(),
            _ => {
                let text: String = self.body.chars().take(300).collect();
                crate::terminal::one_line(&text).into_owned()
            }
        }
    }
}

/// How to connect, besides the URL.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Credentials; those in the URL are used when these are not given.
    pub user: Option<String>,
    pub password: Option<String>,
    /// PEM file of the CA certificates to trust instead of the usual
    /// roots (a cluster with its own CA).
    pub ca_cert: Option<PathBuf>,
    /// Do not verify the cluster's certificate at all.
    pub insecure: bool,
}

impl Client {
    /// A client for `url` (`http://host:port` or `https://...`), with
    /// credentials from the arguments or, failing those, from the URL.
    pub fn new(url: &str, user: Option<&str>, password: Option<&str>) -> Result<Client> {
        let settings = Settings {
            user: user.map(str::to_owned),
            password: password.map(str::to_owned),
            ..Settings::default()
        };
        Client::with(url, &settings)
    }

    /// A client for `url` connecting as `settings` say.
    pub fn with(url: &str, settings: &Settings) -> Result<Client> {
        let (base, url_user, url_password) = split_url(url)?;
        let user = settings.user.clone().or(url_user);
        let password = settings.password.clone().or(url_password);
        let auth = user.map(|user| {
            let pair = format!("{user}:{}", password.unwrap_or_default());
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            .max_idle_connections_per_host(64)
            .tls_config(tls_config(settings)?)
            .build()
            .into();
        Ok(Client { agent, base, auth })
    }

    /// The cluster's URL, without credentials.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// GET or HEAD `path` (which starts with `/`).
    pub fn get(&self, method: &str, path: &str) -> Result<Answer, ureq::Error> {
        let request = self.request(method, path).body(())?;
        read(self.agent.run(request)?)
    }

    /// PUT or POST `body` to `path`.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Answer, ureq::Error> {
        let request = self
            .request(method, path)
            .header("content-type", content_type)
            .body(body)?;
        read(self.agent.run(request)?)
    }

    fn request(&self, method: &str, path: &str) -> ureq::http::request::Builder {
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(auth) = &self.auth {
            builder = builder.header("authorization", auth);
        }
        builder
    }
}

fn read(response: ureq::http::Response<ureq::Body>) -> Result<Answer, ureq::Error> {
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_string()?;
    Ok(Answer { status, body })
}

/// The TLS settings: the usual roots, or those of `--ca-cert`, or none
/// checked at all.
fn tls_config(settings: &Settings) -> Result<ureq::tls::TlsConfig> {
    let mut tls = ureq::tls::TlsConfig::builder().disable_verification(settings.insecure);
    if let Some(path) = &settings.ca_cert {
        let pem = std::fs::read(path)
            .with_context(|| format!("cannot read the CA certificate file {}", path.display()))?;
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(cert)) => certs.push(cert),
                Ok(_) => {}
                Err(err) => bail!(
                    "{} is not a PEM file of CA certificates: {err}",
                    path.display()
                ),
            }
        }
        if certs.is_empty() {
            bail!(
                "{} holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)",
                path.display()
            );
        }
        tls = tls.root_certs(ureq::tls::RootCerts::Specific(Arc::new(certs)));
    }
    Ok(tls.build())
}

/// Whether an error is the connection's (refused, reset, timed out): worth
/// trying again later.
pub fn is_connection_error(err: &ureq::Error) -> bool {
    matches!(
        err,
        ureq::Error::Io(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Timeout(_)
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    )
}

/// An error of the connection, in words.
pub fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::ConnectionReset => "connection reset".into(),
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}

/// `http://user:password@host:port/prefix/` as the base URL
/// (`http://host:port/prefix`) and the credentials it holds (with `%XX`
/// escapes decoded, so a password may hold `@` or `:`).
fn split_url(url: &str) -> Result<(String, Option<String>, Option<String>)> {
    const EXPECTED: &str = "the cluster URL must start with http:// or https:// \
                            (for example http://localhost:9200)";
    let Some((scheme, rest)) = url.split_once("://") else {
        bail!(EXPECTED);
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        bail!(EXPECTED);
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((userinfo, host)) => (Some(userinfo), host),
        None => (None, authority),
    };
    if host.is_empty() {
        bail!("the cluster URL has no host (for example http://localhost:9200)");
    }
    let (user, password) = match userinfo {
        Some(info) => match info.split_once(':') {
            Some((u, p)) => (Some(percent_decode(u)), Some(percent_decode(p))),
            None => (Some(percent_decode(info)), None),
        },
        None => (None, None),
    };
    let base = format!("{scheme}://{host}{}", path.trim_end_matches('/'));
    Ok((base, user, password))
}

/// `%XX` escapes decoded (a malformed one is kept as it is).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_leave_the_url() {
        let (base, user, password) = split_url("http://elastic:s3cret@db.example:9200/").unwrap();
        assert_eq!(base, "http://db.example:9200");
        assert_eq!(user.as_deref(), Some("elastic"));
        assert_eq!(password.as_deref(), Some("s3cret"));
        let (base, user, _) = split_url("HTTP://localhost:9200/os").unwrap();
        assert_eq!((base.as_str(), user), ("http://localhost:9200/os", None));
        assert!(split_url("localhost:9200").is_err());
        assert!(split_url("ftp://localhost").is_err());
        let (base, user, password) = split_url("https://admin:p%40ss%3Aw@os.example/").unwrap();
        assert_eq!(base, "https://os.example");
        assert_eq!(user.as_deref(), Some("admin"));
        assert_eq!(password.as_deref(), Some("p@ss:w"));
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        let client = Client::new("http://u:p@h:1", None, None).unwrap();
        assert_eq!(format!("{client:?}"), "Client { base: \"http://h:1\" }");
        assert_eq!(client.url(), "http://h:1");
    }
}
