//! How `newsidx serve` talks HTTP: hyper's HTTP/1.1 on a tokio runtime,
//! with every resource a client could hold bounded.
//!
//! Two runtime threads accept connections and read and write them; each
//! request is answered by [`super::handle`] on a blocking thread, at most
//! `--threads` at once, so a slow search never stalls the sockets and a
//! slow socket never holds a search thread. A panic in `handle` costs its
//! request a 500; one anywhere else in a connection's task ends that
//! connection only. Nothing ends the accept loop: the process serves
//! until it is stopped.
//!
//! The bounds, each with what a client sees when it passes it:
//! - [`HEADER_TIMEOUT`] to send a request's head (also how long an idle
//!   connection stays open): the connection is closed;
//! - [`MAX_REQUEST_LINE`]: a longer request line is cut down on its way in
//!   (see [`LineCap`]), so it is answered 414 without being held;
//! - [`MAX_HEAD_BYTES`] and [`MAX_HEADERS`] for the whole head: 431;
//! - no request body at all (GET and HEAD need none): 413, and the
//!   connection is closed without waiting for the body;
//! - [`WRITE_TIMEOUT`] for a client that stops reading its answer: the
//!   connection is closed;
//! - [`MAX_CONNECTIONS`] open at once, fewer when the process may open
//!   few files ([`connection_cap`]): 503 with `Retry-After`, or, while
//!   [`SHED_AT_ONCE`] such answers are already being sent, a connection
//!   closed at once;
//! - an `accept` that fails (out of file handles, say) is retried after
//!   [`ACCEPT_BACKOFF`], and the listener stays open.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::TcpListener as StdListener;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use http_body_util::Full;
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::rt::ReadBufCursor;
use hyper::server::conn::http1;
use hyper::{Request, Response};
use hyper_util::rt::TokioTimer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

use super::{CONTENT_SECURITY_POLICY, Failure, Reply, State};

/// Longest request line (method, target and version) read whole, in
/// bytes. Anything longer is a target over [`super::MAX_TARGET_BYTES`] and
/// answered 414; only its first bytes are kept to tell a page from the
/// API.
pub const MAX_REQUEST_LINE: usize = 16 * 1024;
/// Largest request head (request line and headers), in bytes; room for
/// the cookies a browser sends to every port of `localhost`.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;
/// Time to send a whole request head, counted from the connection's
/// opening or the end of the previous answer: so also how long an idle
/// connection is kept.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a client may leave an answer unread before the connection is
/// closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// Most connections open at once, when the process may open enough files.
pub const MAX_CONNECTIONS: usize = 512;
/// Most connections being turned away with a 503 at once; past that they
/// are closed without a word.
pub const SHED_AT_ONCE: usize = 64;
/// Wait before accepting again after `accept` failed.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// After the last answer on a connection: how long, and how many bytes,
/// to read and drop what the client still sends, so that closing does not
/// reset the connection before the client has read the answer.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1 << 20;
/// File handles asked for at start, when the system allows (as Go
/// programs do): two per connection, with room to spare.
#[cfg(target_os = "linux")]
const WANTED_FILES: usize = 8 * MAX_CONNECTIONS;
/// Bytes read from a socket at a time.
const READ_CHUNK: usize = 8 * 1024;

/// What every connection's task shares.
struct Shared {
    state: Arc<State>,
    /// One permit per `--threads`: a search holds one while it runs.
    searches: Arc<Semaphore>,
    http: http1::Builder,
}

/// Serves `listener` until the process is stopped; returns only if the
/// runtime cannot start.
pub fn run(listener: StdListener, state: Arc<State>, threads: usize) -> Result<()> {
    let threads = threads.max(1);
    listener
        .set_nonblocking(true)
        .context("cannot set up the listening socket")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(threads)
        .thread_name("newsidx-serve")
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's threads")?;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD_BYTES)
        .max_buf_size(MAX_HEAD_BYTES + READ_CHUNK)
        // A client may close its side once it has asked (`nc -N` does):
        // it is answered all the same.
        .half_close(true)
        .keep_alive(true);
    let shared = Arc::new(Shared {
        state,
        searches: Arc::new(Semaphore::new(threads)),
        http,
    });
    runtime.block_on(async move {
        let listener =
            TcpListener::from_std(listener).context("cannot set up the listening socket")?;
        accept(listener, shared, connection_cap()).await
    })
}

/// Accepts connections forever, `cap` at most at once.
async fn accept(listener: TcpListener, shared: Arc<Shared>, cap: usize) -> Result<()> {
    let open = Arc::new(Semaphore::new(cap));
    let shedding = Arc::new(Semaphore::new(SHED_AT_ONCE));
    let mut last_complaint: Option<Instant> = None;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // The client gave up before it was accepted.
            Err(err) if is_transient(&err) => continue,
            Err(err) => {
                // Out of file handles, say: some will be freed as
                // connections close. Said once in a while, not each time.
                if last_complaint.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                    eprintln!("newsidx: cannot accept a connection ({err}); trying again");
                    last_complaint = Some(Instant::now());
                }
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        if let Ok(permit) = Arc::clone(&open).try_acquire_owned() {
            tokio::spawn(serve(stream, Arc::clone(&shared), permit));
        } else if let Ok(permit) = Arc::clone(&shedding).try_acquire_owned() {
            tokio::spawn(shed(stream, cap, permit));
        }
        // Otherwise the stream is dropped here: closed at once.
    }
}

fn is_transient(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
    )
}

/// The most connections served at once: [`MAX_CONNECTIONS`], or half the
/// files the process may open if that is fewer (the other half is for the
/// index and for turning connections away).
fn connection_cap() -> usize {
    match open_files_limit() {
        Some(files) => MAX_CONNECTIONS.min(files / 2).max(1),
        None => MAX_CONNECTIONS,
    }
}

/// How many files this process may open, after raising its soft limit
/// towards [`WANTED_FILES`] where the hard limit allows.
#[cfg(target_os = "linux")]
fn open_files_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    let wanted = limit.rlim_max.min(WANTED_FILES as libc::rlim_t);
    if limit.rlim_cur < wanted {
        let raised = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = wanted;
        }
    }
    usize::try_from(limit.rlim_cur).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_files_limit() -> Option<usize> {
    None
}

/// One connection, from its first request to its close.
async fn serve(stream: TcpStream, shared: Arc<Shared>, _open: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let mut guarded = Guarded::new(stream);
    let service = {
        let shared = Arc::clone(&shared);
        hyper::service::service_fn(move |request| answer(Arc::clone(&shared), request))
    };
    // Errors are the client's doing (a malformed request, a timeout, a
    // reset) and end only this connection.
    let _ = shared.http.serve_connection(&mut guarded, service).await;
    linger(guarded.stream, LINGER).await;
}

/// Turns a connection away while `cap` others are open.
async fn shed(mut stream: TcpStream, cap: usize, _shedding: OwnedSemaphorePermit) {
    let body = format!(
        "newsidx: busy: {cap} connections are open, the most served at once; \
         try again in a moment\n"
    );
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\n\
         Retry-After: 1\r\n\
         Cache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let write = stream.write_all(answer.as_bytes());
    if tokio::time::timeout(Duration::from_secs(1), write)
        .await
        .is_ok()
    {
        linger(stream, Duration::from_secs(1)).await;
    }
}

/// Closes a connection after its last answer: says so, then reads and
/// drops what the client still sends for a while, so that the client can
/// read the answer before the connection goes.
async fn linger(mut stream: TcpStream, wait: Duration) {
    let _ = stream.shutdown().await;
    let drain = async {
        let mut buf = [0u8; 4096];
        let mut dropped = 0;
        while dropped < LINGER_BYTES {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => dropped += n,
            }
        }
    };
    let _ = tokio::time::timeout(wait, drain).await;
}

/// The answer to one request.
async fn answer(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    if !request.body().is_end_stream() {
        // Nothing here takes a body. Not reading it, and closing, keeps a
        // client from holding the connection with a body never sent.
        let failure = Failure {
            status: 413,
            message: "requests here carry no body: use GET or HEAD".into(),
        };
        return Ok(response(super::failure_for(&target, &failure), true));
    }
    let method = request.method().as_str().to_owned();
    let host = host(request.headers());
    let Ok(permit) = Arc::clone(&shared.searches).acquire_owned().await else {
        return Ok(response(internal_error(&target), true));
    };
    let state = Arc::clone(&shared.state);
    let asked = target.clone();
    let reply = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            super::handle(&state, &method, &asked, host.as_deref())
        }))
    })
    .await;
    Ok(match reply {
        Ok(Ok(reply)) => response(reply, false),
        // The panic's message is on stderr already.
        _ => response(internal_error(&target), false),
    })
}

fn internal_error(target: &str) -> Reply {
    let failure = Failure {
        status: 500,
        message: "internal error (reported on the server's stderr)".into(),
    };
    super::failure_for(target, &failure)
}

/// The `Host` header; one that is not text, or more than one, is given as
/// a name no check accepts.
fn host(headers: &HeaderMap) -> Option<String> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let first = hosts.next()?;
    if hosts.next().is_some() {
        return Some(String::new());
    }
    Some(first.to_str().unwrap_or("").to_owned())
}

/// A reply as hyper sends it, with the headers every answer has (among
/// them what pages may load and do); `close` ends the connection after it.
fn response(reply: Reply, close: bool) -> Response<Full<Bytes>> {
    let cache = if reply.cacheable {
        "max-age=300"
    } else {
        "no-store"
    };
    let mut builder = Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type)
        .header(header::CACHE_CONTROL, cache)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    if reply.allow {
        builder = builder.header(header::ALLOW, "GET, HEAD");
    }
    if close {
        builder = builder.header(header::CONNECTION, "close");
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| {
            let mut response = Response::new(Full::default());
            *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        })
}

/// A connection's socket as hyper reads and writes it: request lines cut
/// to [`MAX_REQUEST_LINE`] on the way in, and writes that wait on the
/// client for [`WRITE_TIMEOUT`] failed.
struct Guarded {
    stream: TcpStream,
    lines: LineCap,
    /// Bytes as read from the socket.
    chunk: Box<[u8]>,
    /// Bytes let through and not yet handed to hyper, from `handed` on.
    out: Vec<u8>,
    handed: usize,
    /// Running while a write waits for the client to read.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Guarded {
    fn new(stream: TcpStream) -> Guarded {
        Guarded {
            stream,
            lines: LineCap::default(),
            chunk: vec![0; READ_CHUNK].into_boxed_slice(),
            out: Vec::new(),
            handed: 0,
            stalled: None,
        }
    }

    fn poll_read_socket(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        loop {
            ready!(self.stream.poll_read_ready(cx))?;
            match self.stream.try_read(&mut self.chunk) {
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => continue,
                read => return Poll::Ready(read),
            }
        }
    }

    /// `write` as tried now, or a timeout once the client has not made
    /// room for [`WRITE_TIMEOUT`].
    fn poll_stalled<T>(
        &mut self,
        cx: &mut Context<'_>,
        write: impl Fn(&TcpStream) -> io::Result<T>,
    ) -> Poll<io::Result<T>> {
        let stream = &self.stream;
        let tried = loop {
            match stream.poll_write_ready(cx) {
                Poll::Ready(Ok(())) => match write(stream) {
                    Err(err) if err.kind() == io::ErrorKind::WouldBlock => continue,
                    done => break Poll::Ready(done),
                },
                Poll::Ready(Err(err)) => break Poll::Ready(Err(err)),
                Poll::Pending => break Poll::Pending,
            }
        };
        if tried.is_ready() {
            self.stalled = None;
            return tried;
        }
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl hyper::rt::Read for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // A line being dropped can take many reads: let other tasks run
        // now and then.
        for _ in 0..16 {
            if this.handed < this.out.len() {
                let n = buf.remaining().min(this.out.len() - this.handed);
                buf.put_slice(&this.out[this.handed..this.handed + n]);
                this.handed += n;
                if this.handed == this.out.len() {
                    this.out.clear();
                    this.handed = 0;
                }
                return Poll::Ready(Ok(()));
            }
            let n = ready!(this.poll_read_socket(cx))?;
            if n == 0 {
                return Poll::Ready(Ok(()));
            }
            this.lines.pass(&this.chunk[..n], &mut this.out);
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl hyper::rt::Write for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.get_mut().poll_stalled(cx, |s| s.try_write(buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.get_mut()
            .poll_stalled(cx, |s| s.try_write_vectored(bufs))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Nothing is buffered here.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Done by `linger`, once hyper is through with the connection.
        Poll::Ready(Ok(()))
    }
}

/// Bytes kept from the end of a request line that is cut: its HTTP
/// version, with room to spare.
const KEPT_TAIL: usize = 16;

/// Lets the bytes of a connection through unchanged, except that a
/// request line over [`MAX_REQUEST_LINE`] bytes loses its middle: its
/// first `MAX_REQUEST_LINE` bytes and its last [`KEPT_TAIL`] pass, so the
/// method, the start of the target and the version arrive, and the target
/// is still too long, while the rest is read and dropped as it comes, in
/// constant memory. Lines are told apart as HTTP/1.1 does, by the empty
/// line that ends each request's head; a request with a body is answered
/// and its connection closed, so what follows a head is always the next
/// request.
#[derive(Debug)]
struct LineCap {
    in_head: bool,
    /// Bytes of the current line so far, `\n` excluded.
    len: usize,
    /// Whether the current line so far is empty but for `\r`.
    blank: bool,
    /// The last bytes dropped from the current request line.
    tail: Vec<u8>,
}

impl Default for LineCap {
    fn default() -> LineCap {
        LineCap {
            in_head: false,
            len: 0,
            blank: true,
            tail: Vec::new(),
        }
    }
}

impl LineCap {
    fn pass(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        while !input.is_empty() {
            let end = input.iter().position(|&b| b == b'\n');
            let line = &input[..end.unwrap_or(input.len())];
            if self.in_head {
                out.extend_from_slice(line);
            } else {
                let room = MAX_REQUEST_LINE.saturating_sub(self.len);
                let (kept, dropped) = line.split_at(room.min(line.len()));
                out.extend_from_slice(kept);
                if dropped.len() >= KEPT_TAIL {
                    self.tail.clear();
                    self.tail
                        .extend_from_slice(&dropped[dropped.len() - KEPT_TAIL..]);
                } else {
                    self.tail.extend_from_slice(dropped);
                    let extra = self.tail.len().saturating_sub(KEPT_TAIL);
                    self.tail.drain(..extra);
                }
            }
            self.len = self.len.saturating_add(line.len());
            self.blank = self.blank && line.iter().all(|&b| b == b'\r');
            let Some(end) = end else { break };
            if !self.in_head {
                out.append(&mut self.tail);
            }
            out.push(b'\n');
            // A blank line before a request line is skipped, and one in
            // the head ends it: either way the next line is a request line.
            self.in_head = !self.blank;
            self.len = 0;
            self.blank = true;
            input = &input[end + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passed(chunks: &[&[u8]]) -> Vec<u8> {
        let mut cap = LineCap::default();
        let mut out = Vec::new();
        for chunk in chunks {
            cap.pass(chunk, &mut out);
        }
        out
    }

    #[test]
    fn requests_pass_unchanged() {
        let requests = b"\r\nGET /?q=a HTTP/1.1\r\nHost: localhost\r\n\r\n\
            HEAD /api/ HTTP/1.1\nHost: x\n\nGET / HTTP/1.0\r\n\r\n";
        assert_eq!(passed(&[requests]), requests);
        let bytes: Vec<&[u8]> = requests.chunks(1).collect();
        assert_eq!(passed(&bytes), requests);
        // A long header line is the parser's to refuse, not cut.
        let header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "h".repeat(40_000));
        assert_eq!(passed(&[header.as_bytes()]), header.as_bytes());
        // Up to the cap and a little over, lines are whole.
        for extra in [0, 1, KEPT_TAIL] {
            let target = "t".repeat(MAX_REQUEST_LINE - "GET / HTTP/1.1\r".len() + extra);
            let line = format!("GET /{target} HTTP/1.1\r\n\r\n");
            assert_eq!(passed(&[line.as_bytes()]), line.as_bytes(), "{extra}");
        }
    }

    #[test]
    fn long_request_lines_lose_their_middle() {
        let target = "x".repeat(1 << 20);
        let request = format!("GET /api/search?q={target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let next = "GET /api/ HTTP/1.1\r\n\r\n";
        let whole = format!("{request}{next}");
        let expected = format!(
            "GET /api/search?q={} HTTP/1.1\r\nHost: localhost\r\n\r\n{next}",
            "x".repeat(
                MAX_REQUEST_LINE - "GET /api/search?q=".len() + KEPT_TAIL - " HTTP/1.1\r".len()
            )
        );
        assert_eq!(
            String::from_utf8(passed(&[whole.as_bytes()])).unwrap(),
            expected
        );
        for size in [1, 7, 4096, 100_000] {
            let chunks: Vec<&[u8]> = whole.as_bytes().chunks(size).collect();
            assert_eq!(
                String::from_utf8(passed(&chunks)).unwrap(),
                expected,
                "{size}"
            );
        }
    }
}
