//! HTTP to the cluster: one blocking `ureq` agent (its connections kept
//! and shared by the threads that send bulk requests), basic
//! authentication, and answers read whatever their status.
//!
//! Credentials never reach a message: a URL's `user:password@` is taken
//! out before the URL is used or shown, and only the header carries them.

use std::time::Duration;

use anyhow::{Result, bail};
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

impl Client {
    /// A client for `url` (`http://host:port`), with credentials from the
    /// arguments or, failing those, from the URL.
    pub fn new(url: &str, user: Option<&str>, password: Option<&str>) -> Result<Client> {
        let (base, url_user, url_password) = split_url(url)?;
        let user = user.map(str::to_owned).or(url_user);
        let password = password.map(str::to_owned).or(url_password);
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
/// (`http://host:port/prefix`) and the credentials it holds.
fn split_url(url: &str) -> Result<(String, Option<String>, Option<String>)> {
    let Some((scheme, rest)) = url.split_once("://") else {
        bail!("the cluster URL must start with http:// (for example http://localhost:9200)");
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "https" {
        bail!(
            "https:// is not supported by this build of newsidx (no TLS): use http://, \
             or a local proxy that speaks TLS to the cluster"
        );
    }
    if scheme != "http" {
        bail!("the cluster URL must start with http:// (for example http://localhost:9200)");
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
            Some((u, p)) => (Some(u.to_owned()), Some(p.to_owned())),
            None => (Some(info.to_owned()), None),
        },
        None => (None, None),
    };
    let base = format!("http://{host}{}", path.trim_end_matches('/'));
    Ok((base, user, password))
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
        let client = Client::new("http://u:p@h:1", None, None).unwrap();
        assert_eq!(format!("{client:?}"), "Client { base: \"http://h:1\" }");
        assert_eq!(client.url(), "http://h:1");
    }
}
