//! The server machine: seed and RFC sessions, state rules, STLS, timers, hostile input.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use pop3_proto::server::*;
use pop3_proto::*;

/// Answers decisions like a small maildrop application.
struct App {
    messages: Vec<Vec<u8>>,
    password: &'static str,
    deleted: Option<Vec<MessageNumber>>,
    events: Vec<Event>,
}

impl App {
    fn new() -> Self {
        App {
            messages: vec![vec![b'a'; 118].into_iter().chain(*b"\r\n").collect(), {
                let mut m = b"Subject: two\r\n\r\n.dot line\r\n".to_vec();
                m.resize(198, b'b');
                m.extend_from_slice(b"\r\n");
                m
            }],
            password: "tanstaaf",
            deleted: None,
            events: Vec::new(),
        }
    }

    fn maildrop(&self) -> Maildrop {
        let sizes = self.messages.iter().map(|m| m.len() as u64).collect();
        let uids = (0..self.messages.len())
            .map(|i| UniqueId::new(format!("uid-{}", i + 1)).unwrap())
            .collect();
        Maildrop::new(sizes).with_uids(uids).unwrap()
    }

    fn drive(&mut self, server: &mut Server, now: Instant) -> Vec<u8> {
        while let Some(event) = server.poll_event() {
            if let Event::Decision(d) = &event {
                match d {
                    Decision::Login(login) => {
                        let ok = match login {
                            Login::UserPass { password, .. } => password.expose() == self.password,
                            Login::Apop { .. } => login.verify_apop(self.password),
                            Login::Sasl(c) => c.secret().map(|s| s.expose()) == Some(self.password),
                            _ => false,
                        };
                        if ok {
                            server.accept_login(self.maildrop()).unwrap();
                        } else {
                            server.refuse().unwrap();
                        }
                    }
                    Decision::Retrieve { msg, .. } => {
                        let m = self.messages[msg.index()].clone();
                        for piece in m.chunks(7) {
                            server.send_body(piece).unwrap();
                        }
                        server.end_body().unwrap();
                    }
                    Decision::Update { deleted } => {
                        self.deleted = Some(deleted.clone());
                        server.accept().unwrap();
                    }
                    _ => server.accept().unwrap(),
                }
            }
            self.events.push(event);
        }
        let mut out = Vec::new();
        while let Some(b) = server.poll_transmit(now) {
            out.extend_from_slice(&b);
        }
        out
    }
}

fn config() -> ServerConfig {
    ServerConfig::new()
        .with_apop_timestamp(Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").unwrap())
        .allow_login_without_tls()
}

/// Runs a client script (CRLF lines) through a server, fed in `step`-byte pieces.
fn session(cfg: ServerConfig, script: &[u8], step: usize) -> (Vec<u8>, App) {
    let now = Instant::now();
    let mut server = Server::new(cfg, now);
    let mut app = App::new();
    let mut wire = app.drive(&mut server, now);
    for piece in script.chunks(step.max(1)) {
        server.handle_input(now, piece);
        wire.extend(app.drive(&mut server, now));
    }
    (wire, app)
}

fn lines(wire: &[u8]) -> String {
    String::from_utf8_lossy(wire).into_owned()
}

#[test]
fn seed_001_rfc1939_apop_session() {
    let script = b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\nLIST\r\nRETR 1\r\nDELE 1\r\nRETR 2\r\nDELE 2\r\nQUIT\r\n";
    let (wire, app) = session(config(), script, script.len());
    let text = lines(&wire);
    assert!(text.starts_with("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n"));
    assert!(text.contains("+OK maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n"));
    assert!(text.contains("+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n"));
    assert!(text.contains("\r\n..dot line\r\n"), "dot-stuffed");
    assert!(text.contains("+OK message 1 deleted\r\n"));
    assert!(text.ends_with("+OK POP3 server signing off\r\n"));
    let deleted = app.deleted.unwrap();
    assert_eq!(deleted.iter().map(|m| m.get()).collect::<Vec<_>>(), [1, 2]);
    assert!(app.events.contains(&Event::Closed));
}

#[test]
fn seed_002_command_set() {
    // the POP3 command set of seed 002: USER, PASS, APOP, STAT, UIDL, LIST, RETR,
    // DELE, RSET, TOP, NOOP, QUIT
    let script = b"USER mrose\r\nPASS tanstaaf\r\nAPOP mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\nUIDL\r\nUIDL 2\r\nLIST 1\r\nRETR 1\r\nDELE 1\r\nLIST 1\r\nRETR 1\r\nRSET\r\nTOP 2 1\r\nNOOP\r\nQUIT\r\n";
    let (wire, app) = session(config(), script, 5);
    let text = lines(&wire);
    assert!(text.contains("+OK User accepted\r\n+OK maildrop has 2 messages"));
    assert!(
        text.contains("-ERR Command not valid in this state\r\n"),
        "APOP after login"
    );
    assert!(text.contains("+OK\r\n1 uid-1\r\n2 uid-2\r\n.\r\n+OK 2 uid-2\r\n+OK 1 120\r\n"));
    assert!(
        text.contains("+OK message 1 deleted\r\n-ERR No such message\r\n-ERR No such message\r\n")
    );
    assert!(text.contains("+OK maildrop has 2 messages\r\n"));
    assert!(
        text.contains(
            "+OK top of message follows\r\nSubject: two\r\n\r\n..dot line\r\n.\r\n+OK\r\n"
        )
    );
    assert_eq!(app.deleted.unwrap(), []);
}

#[test]
fn seed_003_user_pass_session_rebuilt_with_crlf() {
    // seed 003 lost its line breaks; the session in order, rebuilt with CRLF
    let script = b"USER mrose\r\nPASS mrosepass\r\nSTAT\r\nLIST\r\nRETR 1\r\nDELE 1\r\nRETR 2\r\nDELE 2\r\nQUIT\r\n";
    let mut app_password = App::new();
    app_password.password = "mrosepass";
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    let mut wire = app_password.drive(&mut server, now);
    server.handle_input(now, script);
    wire.extend(app_password.drive(&mut server, now));
    let text = lines(&wire);
    assert!(text.contains(
        "+OK User accepted\r\n+OK maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n"
    ));
    assert_eq!(app_password.deleted.unwrap().len(), 2);
}

#[test]
fn chunking_invariance() {
    let script = b"USER mrose\r\nPASS tanstaaf\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 2\r\nTOP 2 0\r\nDELE 1\r\nQUIT\r\n";
    let (whole, _) = session(config(), script, script.len());
    for step in 1..20 {
        assert_eq!(session(config(), script, step).0, whole, "step {step}");
    }
}

#[test]
fn wrong_password_and_state_rules() {
    let script = b"STAT\r\nPASS x\r\nUSER mrose\r\nPASS wrong\r\nRETR 1\r\nUSER mrose\r\nPASS tanstaaf\r\nUSER x\r\nQUIT\r\n";
    let (wire, app) = session(config(), script, 3);
    let text = lines(&wire);
    assert!(text.contains("-ERR Command not valid in this state\r\n-ERR USER first\r\n+OK User accepted\r\n-ERR [AUTH] Authentication failed\r\n-ERR Command not valid in this state\r\n"));
    assert!(text.contains(
        "+OK maildrop has 2 messages (320 octets)\r\n-ERR Command not valid in this state\r\n"
    ));
    assert!(
        app.events
            .iter()
            .any(|e| matches!(e, Event::Rejected { .. }))
    );
}

#[test]
fn wrong_kind_answers_are_refused() {
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    assert_eq!(server.accept(), Err(AnswerError::NothingPending));
    server.handle_input(now, b"USER a\r\nPASS b\r\n");
    while let Some(e) = server.poll_event() {
        if let Event::Decision(Decision::Login(l)) = e {
            assert!(!format!("{l:?}").contains("\"b\""), "secrets are redacted");
        }
    }
    assert_eq!(server.pending(), Some(Awaiting::Login));
    assert!(matches!(
        server.accept(),
        Err(AnswerError::WrongAnswer { .. })
    ));
    assert!(matches!(
        server.send_body(b"x"),
        Err(AnswerError::WrongAnswer { .. })
    ));
    assert!(server.respond(Response::ok("no").unwrap()).is_err());
    let in_use = Response::new(
        Status::Err,
        Some(RespCode::InUse),
        Text::new("locked").unwrap(),
    )
    .unwrap();
    server.respond(in_use).unwrap();
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert!(lines(&out).ends_with("+OK User accepted\r\n-ERR [IN-USE] locked\r\n"));
}

#[test]
fn stls_discards_pipelined_plaintext() {
    let cfg = ServerConfig::new().with_stls();
    let script = b"CAPA\r\nUSER a\r\nSTLS\r\nUSER evil\r\nPASS evil\r\n";
    let (wire, app) = session(cfg, script, script.len());
    let text = lines(&wire);
    assert!(text.contains("STLS\r\n.\r\n"), "offered: {text}");
    assert!(
        !text.contains("\r\nUSER\r\n"),
        "USER not offered before TLS"
    );
    assert!(text.contains("-ERR Login not allowed before STLS\r\n"));
    assert!(text.ends_with("+OK Begin TLS negotiation\r\n"));
    assert!(app.events.contains(&Event::TlsUpgrade { discarded: 22 }));
}

#[test]
fn sasl_plain_and_cancel() {
    let script = b"AUTH PLAIN\r\nAHVzZXIAdGFuc3RhYWY=\r\nQUIT\r\n";
    let (wire, app) = session(config(), script, 4);
    assert!(lines(&wire).contains("+ \r\n+OK maildrop has 2 messages"));
    assert!(
        app.events
            .iter()
            .any(|e| matches!(e, Event::Decision(Decision::Login(Login::Sasl(_)))))
    );
    let (wire, app) = session(config(), b"AUTH LOGIN\r\n*\r\nAUTH\r\n", 100);
    let text = lines(&wire);
    assert!(
        text.contains(
            "+ VXNlcm5hbWU6\r\n-ERR Authentication cancelled\r\n+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n"
        ),
        "{text}"
    );
    assert!(app.events.contains(&Event::AuthCancelled));
}

#[test]
fn inactivity_timer_is_idempotent_and_current() {
    let t0 = Instant::now();
    let mut server = Server::new(config(), t0);
    assert_eq!(server.poll_timeout(), Some(t0 + Duration::from_secs(600)));
    server.handle_timeout(t0 + Duration::from_secs(599));
    assert!(!server.is_closed());
    let t1 = t0 + Duration::from_secs(300);
    server.handle_input(t1, b"NOOP\r\n");
    assert_eq!(server.poll_timeout(), Some(t1 + Duration::from_secs(600)));
    server.handle_timeout(t1 + Duration::from_secs(600));
    server.handle_timeout(t1 + Duration::from_secs(601));
    assert!(server.is_closed());
    assert_eq!(server.poll_timeout(), None);
    let mut never = config();
    never.timeout = Duration::MAX;
    assert_eq!(Server::new(never, t0).poll_timeout(), None);
}

#[test]
fn a_line_without_crlf_forever_is_closed_after_the_discard_limit() {
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    assert!(server.poll_event().is_none());
    let mut greeting = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        greeting.extend_from_slice(&b);
    }
    let junk = vec![b'x'; 64 * 1024];
    let mut fed = 0u64;
    let mut events = Vec::new();
    while !server.is_closed() && fed < 64 << 20 {
        server.handle_input(now, &junk);
        fed += junk.len() as u64;
        while let Some(e) = server.poll_event() {
            events.push(e);
        }
    }
    // closed once the skipped bytes pass the limit (1 MiB by default), not before
    assert!(server.is_closed());
    assert_eq!(fed, (1 << 20) + 64 * 1024);
    assert!(
        matches!(
            &events[..],
            [Event::Rejected { error: None, .. }, Event::Closed]
        ),
        "{events:?}"
    );
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert_eq!(out, b"-ERR Line too long, closing\r\n");
    // what comes after is not read as commands
    server.handle_input(now, b"\r\nQUIT\r\n");
    assert!(server.poll_event().is_none());
    assert!(server.poll_transmit(now).is_none());
}

#[test]
fn a_long_line_under_the_discard_limit_is_refused_and_the_session_goes_on() {
    let now = Instant::now();
    let mut cfg = config();
    cfg.max_line_discard = u64::MAX;
    let mut server = Server::new(cfg, now);
    let junk = vec![b'x'; 64 * 1024];
    for _ in 0..200 {
        server.handle_input(now, &junk);
        while server.poll_event().is_some() {}
    }
    assert!(!server.is_closed());
    server.handle_input(now, b"\r\nNOOP\r\n");
    let mut events = Vec::new();
    while let Some(e) = server.poll_event() {
        events.push(e);
    }
    assert_eq!(
        events.len(),
        2,
        "one rejection for the overlong line, then NOOP is refused in state"
    );
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert!(
        lines(&out).ends_with("-ERR Line too long\r\n-ERR Command not valid in this state\r\n")
    );
}

#[test]
fn huge_message_numbers_and_large_listings() {
    let script = b"USER a\r\nPASS tanstaaf\r\nRETR 18446744073709551616\r\nDELE 0\r\nLIST 3\r\n";
    let (wire, _) = session(config(), script, 7);
    assert!(
        lines(&wire)
            .ends_with("-ERR No such message\r\n-ERR No such message\r\n-ERR No such message\r\n")
    );
    // a maildrop of 10^6 messages: LIST is answered in one pass
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    server.handle_input(now, b"USER a\r\nPASS b\r\n");
    while let Some(e) = server.poll_event() {
        if matches!(e, Event::Decision(_)) {
            server
                .accept_login(Maildrop::new(vec![10; 1_000_000]))
                .unwrap();
        }
    }
    server.handle_input(now, b"LIST\r\n");
    while server.poll_event().is_some() {}
    let mut n = 0;
    while let Some(b) = server.poll_transmit(now) {
        n += b.iter().filter(|&&c| c == b'\n').count();
    }
    assert_eq!(
        n,
        4 + 1_000_000 + 1,
        "greeting, USER, PASS, LIST header, listings, dot"
    );
}

#[test]
fn streamed_body_with_back_pressure() {
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    server.handle_input(now, b"USER a\r\nPASS b\r\nRETR 1\r\nNOOP\r\n");
    let mut out = Vec::new();
    while let Some(e) = server.poll_event() {
        match e {
            Event::Decision(Decision::Login(_)) => {
                server.accept_login(Maildrop::new(vec![3_000_000])).unwrap()
            }
            Event::Decision(Decision::Retrieve { .. }) => {
                let chunk = vec![b'.'; 1000];
                for _ in 0..3000 {
                    server.send_body(&chunk).unwrap();
                    if server.queued_output() > 64 * 1024 {
                        while let Some(b) = server.poll_transmit(now) {
                            out.extend_from_slice(&b);
                        }
                    }
                }
                server.end_body().unwrap();
            }
            _ => {}
        }
    }
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert!(out.ends_with(b"\r\n.\r\n+OK\r\n"));
    let start = out.windows(9).position(|w| w == b"follows\r\n").unwrap() + 9;
    // one 3 MB line of dots: its first dot is stuffed, then CRLF and the terminator
    assert_eq!(out.len() - start, 3_000_001 + 2 + 3 + 5);
    assert_eq!(&out[start..start + 3], b"...");
}

#[test]
fn stls_is_announced_in_authorization_only() {
    // RFC 2595 §4: "Announced states/Valid states: AUTHORIZATION state only"
    let cfg = config().with_stls();
    let (wire, _) = session(
        cfg,
        b"CAPA\r\nUSER a\r\nPASS tanstaaf\r\nCAPA\r\nSTLS\r\n",
        1000,
    );
    let text = lines(&wire);
    let (before, after) = text.split_once("+OK maildrop has").unwrap();
    assert!(before.contains("\r\nSTLS\r\n"), "{before}");
    assert!(!after.contains("\r\nSTLS\r\n"), "{after}");
    assert!(
        after.ends_with("-ERR Command not valid in this state\r\n"),
        "{after}"
    );
}

/// The CAPA body of the first CAPA answer in `wire`.
fn capa_body(wire: &[u8]) -> String {
    let text = lines(wire);
    let (_, rest) = text.split_once("+OK Capability list follows\r\n").unwrap();
    rest.split_once(".\r\n").unwrap().0.to_string()
}

#[test]
fn capa_keeps_the_configured_order_and_places_sasl_and_stls_where_it_says() {
    // the default: the configured list, then SASL and STLS
    let (wire, _) = session(config().with_stls(), b"CAPA\r\n", 1000);
    assert_eq!(
        capa_body(&wire),
        "TOP\r\nUSER\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nSASL PLAIN LOGIN\r\nSTLS\r\n"
    );
    // RFC 2449 §6's example order, with SASL and STLS placed by markers
    let mut cfg = config().with_stls();
    cfg.capabilities = Capabilities::new(vec![
        Capability::Sasl(vec![]),
        Capability::Stls,
        Capability::Top,
        Capability::User,
        Capability::Uidl,
    ]);
    let (wire, _) = session(cfg.clone(), b"CAPA\r\n", 1000);
    assert_eq!(
        capa_body(&wire),
        "SASL PLAIN LOGIN\r\nSTLS\r\nTOP\r\nUSER\r\nUIDL\r\n",
        "no PIPELINING where the list has none"
    );
    // after login STLS goes (RFC 2595 §4) and SASL stays in its place (RFC 2449
    // §6.3: announced in both states)
    let (wire, _) = session(cfg, b"USER a\r\nPASS tanstaaf\r\nCAPA\r\n", 1000);
    assert_eq!(
        capa_body(&wire),
        "SASL PLAIN LOGIN\r\nTOP\r\nUSER\r\nUIDL\r\n"
    );
}

#[test]
fn pipelined_commands_are_answered_in_order_without_pipelining_announced() {
    let mut cfg = config();
    cfg.capabilities = Capabilities::new(vec![Capability::Top, Capability::User]);
    let (wire, _) = session(
        cfg,
        b"CAPA\r\nUSER a\r\nPASS tanstaaf\r\nSTAT\r\nNOOP\r\n",
        1000,
    );
    assert!(!capa_body(&wire).contains("PIPELINING"));
    assert!(
        lines(&wire).ends_with("+OK maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n+OK\r\n"),
        "{}",
        lines(&wire)
    );
}

#[test]
fn deleted_messages_disappear_until_rset() {
    // RFC 1939 §5: a message marked deleted is not listed by STAT, LIST or UIDL and
    // may not be retrieved; RSET unmarks it
    let script = b"USER mrose\r\nPASS tanstaaf\r\nDELE 1\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 1\r\nLIST 1\r\nUIDL 1\r\nRSET\r\nSTAT\r\nLIST\r\nUIDL\r\nQUIT\r\n";
    let (wire, app) = session(config(), script, 3);
    let text = lines(&wire);
    // PASS and RSET both answer "+OK maildrop has 2 messages": split at RSET's
    let login = text.find("+OK maildrop has 2 messages").unwrap() + 1;
    let rset = login + text[login..].find("+OK maildrop has 2 messages").unwrap();
    let (before, after) = text.split_at(rset);
    assert!(
        before.contains("+OK message 1 deleted\r\n+OK 1 200\r\n"),
        "{before}"
    );
    assert!(before.contains("\r\n2 200\r\n.\r\n"), "{before}");
    assert!(!before.contains("\r\n1 120\r\n"), "{before}");
    assert!(before.contains("\r\n2 uid-2\r\n.\r\n"), "{before}");
    assert!(!before.contains("uid-1"), "{before}");
    assert_eq!(
        before.matches("-ERR").count(),
        3,
        "RETR, LIST 1, UIDL 1: {before}"
    );
    assert!(after.contains("+OK 2 320\r\n"), "{after}");
    assert!(after.contains("\r\n1 120\r\n2 200\r\n.\r\n"), "{after}");
    assert!(after.contains("\r\n1 uid-1\r\n2 uid-2\r\n.\r\n"), "{after}");
    assert_eq!(app.deleted.unwrap(), Vec::<MessageNumber>::new());
}

#[test]
fn greeting_parts_are_checked_when_made_and_sent_as_given() {
    // a value that would break the greeting line cannot be put in the config at all
    assert!(Text::new("ready\r\n+OK injected").is_err());
    assert!(Timestamp::new("<1.2@x> extra").is_err());
    assert!(Timestamp::new("1.2@x").is_err());
    let now = Instant::now();
    let greet = |cfg: ServerConfig| {
        let mut server = Server::new(cfg, now);
        let mut out = Vec::new();
        while let Some(b) = server.poll_transmit(now) {
            out.extend_from_slice(&b);
        }
        String::from_utf8(out).unwrap()
    };
    let stamp = Timestamp::new("<7.8@mail.example>").unwrap();
    let cfg = ServerConfig::new()
        .with_greeting(Text::new("mail.example ready").unwrap())
        .with_apop_timestamp(stamp.clone());
    assert_eq!(greet(cfg), "+OK mail.example ready <7.8@mail.example>\r\n");
    let cfg = ServerConfig::new()
        .with_greeting(Text::empty())
        .with_apop_timestamp(stamp);
    assert_eq!(greet(cfg), "+OK <7.8@mail.example>\r\n");
    assert_eq!(greet(ServerConfig::new()), "+OK POP3 server ready\r\n");
}

#[test]
fn core_types_are_usable_through_pop3_proto_alone() {
    // an embedder names every type of the API through this crate
    let creds = pop3_proto::Credentials::Plain {
        authzid: None,
        authcid: "mrose".into(),
        password: pop3_proto::Secret::new("tanstaaf"),
    };
    assert!(
        !format!("{creds:?}").contains("tanstaaf"),
        "secrets are redacted"
    );
    assert!(matches!(
        pop3_proto::parse_command(b"STAT"),
        pop3_proto::Decoded::Incomplete
    ));
    assert_ne!(
        pop3_proto::BareLineEndings::Keep,
        pop3_proto::BareLineEndings::Reject
    );
    let _announced: Option<pop3_proto::LiteralAnnouncement> = None;
    let pop3_proto::Decoded::Failed(e) = pop3_proto::parse_command(b"RETR 0\r\n") else {
        panic!("refused")
    };
    let _: &pop3_proto::Excerpt = &e.excerpt;
    let pop3_proto::Mechanism::Other(name) = pop3_proto::Mechanism::parse("X-MINE").unwrap() else {
        panic!("an unknown mechanism")
    };
    let _: &pop3_proto::MechanismName = &name;
}

#[test]
fn a_refused_update_says_sys_temp_and_still_closes() {
    let now = Instant::now();
    let mut server = Server::new(config(), now);
    let mut app = App::new();
    let _greeting = app.drive(&mut server, now);
    server.handle_input(now, b"USER a\r\nPASS tanstaaf\r\nDELE 1\r\nQUIT\r\n");
    let mut refused = false;
    while let Some(event) = server.poll_event() {
        match event {
            Event::Decision(Decision::Login(_)) => server.accept_login(app.maildrop()).unwrap(),
            Event::Decision(Decision::Update { deleted }) => {
                assert_eq!(deleted, vec![MessageNumber::new(1).unwrap()]);
                server.refuse().unwrap();
                refused = true;
            }
            Event::Decision(other) => panic!("{other:?}"),
            _ => {}
        }
    }
    assert!(refused && server.is_closed());
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert!(
        lines(&out).ends_with("-ERR [SYS/TEMP] Some deleted messages not removed\r\n"),
        "{}",
        lines(&out)
    );
}

/// G4: input taken between two `poll_event` calls is bounded by `max_buffered`
/// (one call of any size always goes in); past it the server says `-ERR` and closes.
#[test]
fn input_without_polling_is_bounded_by_max_buffered() {
    let now = Instant::now();
    let mut cfg = config();
    cfg.max_buffered = 1000;
    // one read bigger than the limit is taken
    let mut server = Server::new(cfg.clone(), now);
    while server.poll_transmit(now).is_some() {}
    server.handle_input(now, &b"CAPA\r\n".repeat(300));
    assert!(!server.is_closed());
    while server.poll_event().is_some() {}
    assert!(!server.is_closed(), "polled: the count starts over");
    // reads without polling in between: closed once they pass the limit
    for _ in 0..99 {
        server.handle_input(now, b"CAPA\r\n");
    }
    assert!(!server.is_closed(), "594 octets since the poll");
    for _ in 0..100 {
        server.handle_input(now, b"CAPA\r\n");
    }
    assert!(server.is_closed());
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    assert!(out.ends_with(b"-ERR Too much unprocessed input\r\n"));
    let mut events = Vec::new();
    while let Some(e) = server.poll_event() {
        events.push(e);
    }
    assert!(events.contains(&Event::Closed));
}
