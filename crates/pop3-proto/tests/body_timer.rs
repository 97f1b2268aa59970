//! The inactivity timer while a message is being sent: it runs, restarted by each
//! transmit, so a client that stops reading is closed when it runs out (before, no
//! timer ran while a body was open and such a client held the connection for ever),
//! and it closes without writing a status line into the message text.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use pop3_proto::server::*;

#[test]
fn a_client_that_stops_reading_a_message_is_timed_out_without_a_line_in_it() {
    let t0 = Instant::now();
    let mut config = ServerConfig::new().allow_login_without_tls();
    config.timeout = Duration::from_secs(600);
    let mut s = Server::new(config, t0);
    s.handle_input(t0, b"USER a\r\nPASS b\r\nRETR 1\r\n");
    let mut retrieving = false;
    while let Some(e) = s.poll_event() {
        match e {
            Event::Decision(Decision::Login { .. }) => {
                s.accept_login(Maildrop::new(vec![1 << 20])).unwrap()
            }
            Event::Decision(Decision::Retrieve { .. }) => retrieving = true,
            _ => {}
        }
    }
    assert!(retrieving);
    s.send_body(&vec![b'x'; 64 << 10]).unwrap();
    // the output leaves at t0 + 1 s: the timer runs from there
    let t1 = t0 + Duration::from_secs(1);
    let mut sent = Vec::new();
    while let Some(b) = s.poll_transmit(t1) {
        sent.extend_from_slice(&b);
    }
    assert_eq!(s.poll_timeout(), Some(t1 + Duration::from_secs(600)));
    // the client stops reading: the application has nothing to transmit any more
    s.send_body(&vec![b'y'; 64 << 10]).unwrap();
    s.handle_timeout(t1 + Duration::from_secs(599));
    assert!(!s.is_closed(), "not yet");
    s.handle_timeout(t1 + Duration::from_secs(600));
    assert!(s.is_closed());
    assert!(matches!(s.poll_event(), Some(Event::Closed)));
    // nothing after the part of the message already sent: no -ERR inside its text
    while let Some(b) = s.poll_transmit(t1 + Duration::from_secs(601)) {
        sent.extend_from_slice(&b);
    }
    assert!(
        !sent.windows(4).any(|w| w == b"-ERR"),
        "a status line in the message"
    );
}

#[test]
fn too_much_pipelined_input_during_a_message_ends_it_without_a_line_in_it() {
    let t0 = Instant::now();
    let mut config = ServerConfig::new().allow_login_without_tls();
    config.max_buffered = 1000;
    let mut s = Server::new(config, t0);
    s.handle_input(t0, b"USER a\r\nPASS b\r\nRETR 1\r\n");
    while let Some(e) = s.poll_event() {
        match e {
            Event::Decision(Decision::Login { .. }) => {
                s.accept_login(Maildrop::new(vec![100])).unwrap()
            }
            Event::Decision(Decision::Retrieve { .. }) => s.send_body(b"part one\r\n").unwrap(),
            _ => {}
        }
    }
    let mut sent = Vec::new();
    while let Some(b) = s.poll_transmit(t0) {
        sent.extend_from_slice(&b);
    }
    // the client pipelines far past the limit while the message is open
    s.handle_input(t0, &[b'N'; 600]);
    s.handle_input(t0, &[b'N'; 600]);
    assert!(s.is_closed());
    while let Some(b) = s.poll_transmit(t0) {
        sent.extend_from_slice(&b);
    }
    assert!(sent.ends_with(b"part one\r\n"), "{}", sent.escape_ascii());
}
