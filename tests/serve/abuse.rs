//! `newsidx serve` attacked over raw sockets on loopback: requests that
//! announce what they never send, clients that never read, more
//! connections than it serves or files it may open, heads too long, too
//! many or too slow. Every read and write here is bounded in time, and
//! each test ends by checking that the server still answers and still
//! runs.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use newsidx::serve::{HEADER_TIMEOUT, MAX_ARTICLE_BYTES, WRITE_TIMEOUT};

use super::{Served, indexed};
use crate::util::{TestEnv, data_dir};

/// Longest any read, write or connect here waits.
const PATIENCE: Duration = Duration::from_secs(30);

fn connect(server: &Served) -> io::Result<TcpStream> {
    let addr: SocketAddr = server.addr().parse().unwrap();
    let stream = TcpStream::connect_timeout(&addr, PATIENCE)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.set_write_timeout(Some(PATIENCE))?;
    Ok(stream)
}

/// `GET path` as a browser would send it.
fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")
}

/// One answer off a connection: its status and its body, read by its
/// `Content-Length`.
fn read_answer(reader: &mut impl BufRead) -> io::Result<(u16, String)> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "closed without an answer",
        ));
    }
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("not a status line: {status_line:?}")))?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// `request` on a new connection, and the answer.
fn ask(server: &Served, request: &str) -> io::Result<(u16, String)> {
    let mut stream = connect(server)?;
    stream.write_all(request.as_bytes())?;
    read_answer(&mut BufReader::new(stream))
}

/// Reads what is left on a connection until the server closes it: the
/// bytes read, and whether it was closed (rather than left open past
/// [`PATIENCE`]).
fn read_to_close(stream: &mut impl Read) -> (usize, bool) {
    let mut buf = vec![0; 64 * 1024];
    let mut total = 0;
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (total, true),
            Ok(n) => total += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => {
                let reset = matches!(
                    err.kind(),
                    io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                );
                return (total, reset);
            }
        }
    }
}

/// The server answers a search at once, and runs.
fn still_serves(server: &mut Served) {
    let start = Instant::now();
    let (status, body) =
        ask(server, &get("/api/search?q=lavrov&limit=1")).expect("the server answers");
    assert_eq!(status, 200, "{body}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "answered in {:?}",
        start.elapsed()
    );
    assert!(server.alive(), "the server exited");
}

/// See: issue 13, point 1: four of these stopped the server.
#[test]
fn huge_content_lengths_do_not_stop_the_server() {
    let env = indexed(false);
    let mut server = Served::start(&env);
    for length in [
        "18446744073709551615",
        "18446744073709551615",
        "18446744073709551615",
        "18446744073709551615",
        "18446744073709551614",
        "99999999999999999999999",
        "9999999999999",
        "-1",
    ] {
        let request =
            format!("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {length}\r\n\r\n");
        let (status, body) = ask(&server, &request).expect("an answer");
        assert!((400..500).contains(&status), "{length}: {status} {body}");
    }
    still_serves(&mut server);
}

/// See: issue 13, point 2: four of these froze the server for as long as
/// they stayed open.
#[test]
fn bodies_announced_and_never_sent_hold_nothing() {
    let env = indexed(false);
    let mut server = Served::start(&env);
    let mut waiting = Vec::new();
    for _ in 0..2 {
        for request in [
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n",
            "GET /api/search?q=lavrov HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n",
            "POST /api/search?q=lavrov HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\n",
            "GET /?q=x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
        ] {
            let mut stream = connect(&server).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            waiting.push(stream);
        }
    }
    // All eight still open, and never to send their bodies.
    still_serves(&mut server);
    for stream in waiting {
        let mut reader = BufReader::new(stream);
        let (status, body) = read_answer(&mut reader).expect("an answer");
        assert_eq!(status, 413, "{body}");
        assert!(body.contains("carry no body"), "{body}");
        assert!(
            read_to_close(reader.get_mut()).1,
            "the connection is closed"
        );
    }
    still_serves(&mut server);
}

/// See: issue 13, points 2 and 4: clients that never read a large answer
/// held the workers for good, and an article was sent whole, however
/// large.
#[test]
fn clients_that_never_read_hold_nothing_and_are_dropped() {
    let env = TestEnv::new();
    let dir = env.path("long");
    std::fs::create_dir(&dir).unwrap();
    // Lower case only, so that no name is looked for in 3 MB; each
    // paragraph different, so that none is taken for boilerplate.
    let body: String = (0..45_000)
        .map(|i| format!("paragraph {i} tells of the quick brown fox and the lazy dog.\n\n"))
        .collect();
    let article = serde_json::json!({"id": "long", "title": "A long article", "body": body});
    std::fs::write(dir.join("long.json"), article.to_string()).unwrap();
    env.index(&[&dir, &data_dir()], 0);
    let mut server = Served::start(&env);

    let (status, article) = server.json("/api/article?id=long");
    assert_eq!(status, 200);
    assert_eq!(article["truncated"], true);
    let text = article["body"].as_str().unwrap();
    assert!(text.len() <= MAX_ARTICLE_BYTES && text.len() > MAX_ARTICLE_BYTES - 1024);
    let whole = article["body_bytes"].as_u64().unwrap() as usize;
    assert!(whole > 2 * MAX_ARTICLE_BYTES, "{whole}");
    let (_, short) = server.json("/api/article?id=176");
    assert_eq!(short["truncated"], false);
    assert_eq!(
        short["body_bytes"].as_u64().unwrap() as usize,
        short["body"].as_str().unwrap().len()
    );
    let (status, page) = server.get("/article?id=long");
    assert_eq!(status, 200);
    assert!(
        page.contains("<p class=\"meta truncated\">Text truncated: the first 1.0 MB of 2."),
        "{}",
        &page[page.len() - 500..]
    );
    assert!(page.len() < MAX_ARTICLE_BYTES * 3 / 2, "{}", page.len());

    // Six clients ask for it sixteen times each, at once, and read
    // nothing: far more than the sockets' buffers hold.
    let pipelined = get("/article?id=long").repeat(16);
    let mut stalled = Vec::new();
    for _ in 0..6 {
        let mut stream = connect(&server).unwrap();
        stream.write_all(pipelined.as_bytes()).unwrap();
        stalled.push(stream);
    }
    std::thread::sleep(Duration::from_secs(1));
    for _ in 0..4 {
        still_serves(&mut server);
    }
    // Then they are dropped, each with most answers unsent.
    std::thread::sleep(WRITE_TIMEOUT + Duration::from_secs(4));
    for mut stream in stalled {
        let (read, closed) = read_to_close(&mut stream);
        assert!(closed, "the connection is closed");
        assert!(read < 8 * page.len(), "{read} bytes came");
    }
    still_serves(&mut server);
}

/// See: issue 13, point 3: with 1,024 files to open, 512 idle
/// connections made `accept` fail and the server stopped listening for
/// good. Here it may open 64: it serves 32 connections at once and turns
/// the others away, runs out of files, and comes back once they close.
#[cfg(target_os = "linux")]
#[test]
fn connections_over_the_cap_are_turned_away_until_they_close() {
    use std::os::unix::process::CommandExt;

    let env = indexed(false);
    let mut command = Served::command(&env);
    // SAFETY: setrlimit is async-signal-safe and changes only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 64,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut server = Served::launch(command);
    let idle: Vec<TcpStream> = (0..40).map(|_| connect(&server).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(500));
    // Over the cap: a 503, or a connection closed at once; never a wait.
    let mut busy = 0;
    for _ in 0..20 {
        let start = Instant::now();
        match ask(&server, &get("/api/")) {
            Ok((status, body)) => {
                assert_eq!(status, 503, "{body}");
                assert!(body.contains("busy"), "{body}");
                busy += 1;
            }
            Err(err) => assert!(start.elapsed() < Duration::from_secs(10), "{err}"),
        }
    }
    assert!(busy > 0, "some were told why");
    // More connections than the server may open files: `accept` fails.
    let flood: Vec<TcpStream> = (0..100).filter_map(|_| connect(&server).ok()).collect();
    std::thread::sleep(Duration::from_secs(1));
    drop(idle);
    drop(flood);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match ask(&server, &get("/api/search?q=lavrov&limit=1")) {
            Ok((200, _)) => break,
            answer if Instant::now() > deadline => panic!("not serving again: {answer:?}"),
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    still_serves(&mut server);
}

/// The most memory the process has used so far, in bytes.
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// `request` written on its own thread, as it may be larger than the
/// sockets' buffers, with the answer read meanwhile; the connection, to
/// go on with.
fn ask_large(server: &Served, request: String) -> (u16, String, BufReader<TcpStream>) {
    let stream = connect(server).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let writing = std::thread::spawn(move || writer.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stream);
    let (status, body) = read_answer(&mut reader).expect("an answer");
    writing.join().unwrap().expect("the whole request is read");
    (status, body, reader)
}

/// See: issue 13, points 2 and 4: a 1 GB URL took 2 GB of memory before
/// its 414, a million headers or a 100 MB header were read, and a head
/// sent slowly held a worker for good.
#[test]
fn long_crowded_or_slow_heads_are_refused() {
    let env = indexed(false);
    let mut server = Served::start(&env);

    // A megabyte URL: 414 at once, and the connection goes on.
    let start = Instant::now();
    let target = format!("/api/search?q={}", "a".repeat(1 << 20));
    let (status, body, mut reader) = ask_large(&server, get(&target));
    assert_eq!(status, 414, "{body}");
    assert!(body.starts_with("{\"error\":\"request too long"), "{body}");
    assert!(start.elapsed() < Duration::from_secs(10));
    reader.get_mut().write_all(get("/api/").as_bytes()).unwrap();
    assert_eq!(read_answer(&mut reader).unwrap().0, 200);

    // 64 MB of URL to a page: read and dropped as it comes.
    #[cfg(target_os = "linux")]
    let before = peak_memory(server.pid());
    let (status, body, _) = ask_large(&server, get(&format!("/?q={}", "b".repeat(64 << 20))));
    assert_eq!(status, 414);
    assert!(body.contains("request too long"), "{body}");
    #[cfg(target_os = "linux")]
    {
        let grown = peak_memory(server.pid()).saturating_sub(before);
        assert!(grown < 16 << 20, "memory grew by {grown} bytes");
    }

    // Too many headers, or too large a one.
    let many: String = (0..200).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let (status, _) = ask(
        &server,
        &format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n"),
    )
    .unwrap();
    assert_eq!(status, 431);
    let large = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Large: {}\r\n\r\n",
        "c".repeat(256 * 1024)
    );
    assert_eq!(ask_large(&server, large).0, 431);

    // A head sent a line every half second: closed after HEADER_TIMEOUT,
    // and meanwhile the others are answered.
    let mut slow = connect(&server).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let start = Instant::now();
    let mut dripping = slow.try_clone().unwrap();
    let drip = std::thread::spawn(move || {
        for i in 0..60 {
            std::thread::sleep(Duration::from_millis(500));
            let line = format!("X-Drip-{i}: {i}\r\n");
            if dripping.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    still_serves(&mut server);
    let (read, closed) = read_to_close(&mut slow);
    let waited = start.elapsed();
    assert!(closed && read == 0, "{read} bytes, closed: {closed}");
    assert!(
        waited >= HEADER_TIMEOUT - Duration::from_secs(1)
            && waited < HEADER_TIMEOUT + Duration::from_secs(5),
        "closed after {waited:?}"
    );
    drip.join().unwrap();
    still_serves(&mut server);
}
