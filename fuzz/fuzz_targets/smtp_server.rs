//! The server machine never panics and never buffers without bound, whatever the
//! client sends and however it is split; the app accepts everything.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::Mechanism;
use std::time::{Duration, Instant};

use smtp_proto::server::{CramMd5Challenge, Event, Server, ServerConfig};

fuzz_target!(|data: &[u8]| {
    let mut config = ServerConfig::new("mx.example.com")
        .expect("a host name")
        .allow_auth_without_tls()
        .with_cram_md5_challenge(CramMd5Challenge::new("<1.2@mx.example.com>").expect("a msg-id"));
    config.capabilities.auth = vec![Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5];
    config.capabilities.starttls = true;
    config.max_message_size = Some(1000);
    let t0 = Instant::now();
    let mut server = Server::new(config, t0);
    let step = (data.first().copied().unwrap_or(1) as usize % 7) + 1;
    for (i, chunk) in data.chunks(step).enumerate() {
        let now = t0 + Duration::from_secs(i as u64);
        server.handle_input(now, chunk);
        while let Some(ev) = server.poll_event() {
            if let Event::Decision(_) = ev {
                // alternate yes and no, so both paths run
                let _ = if i % 3 == 0 { server.refuse() } else { server.accept() };
            }
        }
        while server.poll_transmit(now).is_some() {}
        server.handle_timeout(now);
        assert!(server.queued_output() == 0);
    }
});
