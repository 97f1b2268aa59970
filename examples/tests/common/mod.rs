//! The line-at-a-time TCP client the loopback server tests talk through, and the
//! server they talk to.
// each test crate uses a part of it
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use examples::pop3_session::{self, Pop3Settings};
use examples::smtp_session::{self, SmtpSettings};
use examples::store::{Store, User};

/// The users every loopback test knows: alice:secret and bob:hunter2.
pub fn users() -> Vec<User> {
    vec![
        User::parse("alice:secret").unwrap(),
        User::parse("bob:hunter2").unwrap(),
    ]
}

/// SMTP and POP3 listeners on one store, each on its own thread; their addresses.
pub fn server(store: &Store, smtp: SmtpSettings, pop3: Pop3Settings) -> (SocketAddr, SocketAddr) {
    let smtp_l = TcpListener::bind("127.0.0.1:0").unwrap();
    let pop3_l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addrs = (smtp_l.local_addr().unwrap(), pop3_l.local_addr().unwrap());
    let s = store.clone();
    thread::spawn(move || smtp_session::listen(smtp_l, s, smtp, false));
    let s = store.clone();
    thread::spawn(move || pop3_session::listen(pop3_l, s, pop3, false));
    addrs
}

/// One connection: reads line by line, writes commands.
pub struct Conn {
    pub reader: BufReader<TcpStream>,
    pub writer: TcpStream,
}

impl Conn {
    /// Connects and reads the greeting line.
    pub fn open(addr: SocketAddr) -> (Conn, String) {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut c = Conn {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
        };
        let greeting = c.line();
        (c, greeting)
    }

    /// The next line, its line end included.
    pub fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line
    }

    /// Sends `cmd` and `CRLF`; the reply's first line.
    pub fn cmd(&mut self, cmd: &str) -> String {
        self.writer
            .write_all(format!("{cmd}\r\n").as_bytes())
            .unwrap();
        self.line()
    }

    /// A multi-line body, still dot-stuffed, its terminator dropped.
    pub fn body(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            self.reader.read_until(b'\n', &mut line).unwrap();
            assert!(!line.is_empty(), "the body ended early");
            if line == b".\r\n" {
                return out;
            }
            out.extend_from_slice(&line);
        }
    }

    /// True once the server has closed its side.
    pub fn at_eof(&mut self) -> bool {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest).is_ok() && rest.is_empty()
    }
}
