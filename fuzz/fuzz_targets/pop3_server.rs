//! The POP3 server machine never panics and answers every decision, whatever the
//! client sends and however it is split; memory stays bounded.
#![no_main]
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use pop3_proto::{Timestamp, UniqueId};
use pop3_proto::server::{CramMd5Challenge, Decision, Event, Maildrop, Server, ServerConfig};

fuzz_target!(|data: &[u8]| {
    let Some((&split, data)) = data.split_first() else {
        return;
    };
    let now = Instant::now();
    let config = ServerConfig::new()
        .with_apop_timestamp(Timestamp::new("<1.2@example.org>").expect("a msg-id"))
        .with_stls()
        .allow_login_without_tls()
        .with_cram_md5_challenge(CramMd5Challenge::new("<3.4@example.org>").expect("a msg-id"));
    let mut server = Server::new(config, now);
    let step = usize::from(split % 16) + 1;
    for (i, piece) in data.chunks(step).enumerate() {
        let t = now + Duration::from_secs(i as u64);
        server.handle_input(t, piece);
        while let Some(event) = server.poll_event() {
            let Event::Decision(d) = event else { continue };
            let answered = match d {
                Decision::Login(_) if split & 1 == 0 => {
                    let uids = vec![UniqueId::new("a").unwrap(), UniqueId::new("b").unwrap()];
                    server.accept_login(Maildrop::new(vec![10, 20]).with_uids(uids).unwrap())
                }
                Decision::Retrieve { .. } => server
                    .send_body(b"Subject: x\r\n\r\n.line\r\nmore\r\n")
                    .and_then(|()| server.end_body()),
                _ if split & 2 == 0 => server.accept().or_else(|_| server.refuse()),
                _ => server.refuse(),
            };
            answered.expect("a decision can be answered");
        }
        while server.poll_transmit(t).is_some() {}
        server.handle_timeout(t);
        let _ = server.poll_timeout();
    }
});
