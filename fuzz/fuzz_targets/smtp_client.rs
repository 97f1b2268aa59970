//! The client machine never panics on any server bytes.
#![no_main]
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use smtp_proto::client::{Client, ClientConfig, Envelope, Event};
use smtp_proto::{Domain, ForwardPath, Mailbox, ReversePath};

fuzz_target!(|data: &[u8]| {
    let now = std::time::Instant::now();
    let mut client = Client::new(ClientConfig::new(Domain::name("c.example").unwrap()), now);
    let step = (data.first().copied().unwrap_or(1) as usize % 5) + 1;
    for chunk in data.chunks(step) {
        if client.handle_input(now, chunk).is_err() {
            break;
        }
        while let Some(ev) = client.poll_event() {
            match ev {
                Ok(Event::Ready(_)) => {
                    let m = Mailbox::parse("a@example.org").expect("valid").into_owned();
                    let envelope =
                        Envelope::new(ReversePath::Mailbox(m.clone())).to(ForwardPath::Mailbox(m));
                    let _ = client.send_message(envelope, Bytes::from_static(b"x\r\n.y\r\n"));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        while client.poll_transmit(now).is_some() {}
    }
});
