//! `mail-replay`: every committed transcript passes, and broken ones fail where
//! they break.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use examples::replay::{Proto, ReplayError, replay, replay_file};

fn transcripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn proto_of(path: &Path) -> Proto {
    Proto::parse(path.extension().unwrap().to_str().unwrap()).expect(".smtp or .pop3")
}

#[test]
fn every_committed_transcript_replays() {
    let files = transcripts();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let mut log = Vec::new();
        let result = replay_file(proto_of(&path), &path, &mut |l| log.push(l.to_string()));
        assert!(
            result.is_ok(),
            "{}: {result:?}\n{}",
            path.display(),
            log.join("\n")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# source: "), "{}", path.display());
        assert!(
            log.last().unwrap().starts_with("ok: "),
            "{}",
            path.display()
        );
    }
}

/// The line a replay fails at, or a panic if it passes or fails otherwise.
fn fails_at(proto: Proto, transcript: &str) -> (usize, String, String) {
    match replay(proto, transcript, &mut |_| {}) {
        Err(ReplayError::Disagree {
            line,
            expected,
            got,
        }) => (line, expected, got),
        other => panic!("expected a disagreement, got {other:?}"),
    }
}

/// Asserts that `transcript` replays up to `line`, where it has `expected` and the
/// machines `got`.
#[track_caller]
fn disagrees(proto: Proto, transcript: &str, line: usize, expected: &str, got: &str) {
    assert_eq!(
        fails_at(proto, transcript),
        (line, expected.to_string(), got.to_string())
    );
}

const D1_START: &str = "\
S: 220 foo.com Simple Mail Transfer Service Ready
C: EHLO bar.com
S: 250-foo.com greets bar.com
S: 250 8BITMIME
C: MAIL FROM:<Smith@bar.com>
S: 250 OK
C: RCPT TO:<Jones@foo.com>
S: 250 OK
C: DATA
";

#[test]
fn a_250_where_the_client_needs_354_after_data_fails() {
    let t = format!("{D1_START}S: 250 OK\nC: Hello\nC: .\nS: 250 OK\n");
    let (line, expected, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 10, "{expected} / {got}");
    assert!(
        expected.contains("250 OK") && got.contains("354"),
        "{expected} / {got}"
    );
}

#[test]
fn a_bogus_reply_code_fails() {
    // a 354 cannot answer MAIL: the server machine refuses to say it
    let t = D1_START.replace("S: 250 OK\nC: RCPT", "S: 354 what\nC: RCPT");
    let (line, _, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 6, "{got}");
    assert!(got.contains("cannot say it"), "{got}");
    // a code out of range is not a reply at all
    let t = D1_START.replace("S: 250 OK\nC: RCPT", "S: 299 what\nC: RCPT");
    assert_eq!(
        replay(Proto::Smtp, &t, &mut |_| {})
            .unwrap_err()
            .exit_code(),
        2
    );
}

#[test]
fn a_client_line_the_api_never_produces_fails() {
    // the client always writes FROM:<...>, never seed 000's bracketless form
    let t = D1_START.replace("MAIL FROM:<Smith@bar.com>", "MAIL From: Smith@bar.com");
    disagrees(
        Proto::Smtp,
        &t,
        5,
        "C: MAIL From: Smith@bar.com",
        "C: MAIL FROM:<Smith@bar.com>",
    );
    // and a command with no client call at all
    let t = format!(
        "{}C: ETRN foo.com\nS: 250 ok\n",
        &D1_START[..D1_START.find("C: MAIL").unwrap()]
    );
    let (line, _, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 5, "{got}");
    assert!(got.contains("no client API call"), "{got}");
}

#[test]
fn a_truncated_transcript_fails() {
    // the 354 to DATA is missing: the server's reply has no transcript line
    let (line, _, got) = fails_at(Proto::Smtp, D1_START);
    assert_eq!(line, 9, "{got}");
    assert!(got.starts_with("S: 354"), "{got}");
    // the reply to the dot is missing: the server waits for an answer the transcript lacks
    let t = format!("{D1_START}S: 354 go ahead\nC: Hello\nC: .\n");
    let (_, _, got) = fails_at(Proto::Smtp, &t);
    assert!(got.contains("waits for an answer"), "{got}");
    // QUIT without its 221: the server's reply has no transcript line
    let t = "S: 220 foo.com ready\nC: EHLO bar.com\nS: 250 foo.com\nC: QUIT\n";
    let (line, expected, got) = fails_at(Proto::Smtp, t);
    assert_eq!(line, 4, "{expected} / {got}");
    assert!(got.starts_with("S: 221"), "{got}");
    // POP3: RETR's body without its end
    let t = "S: +OK ready\nC: USER a\nS: +OK\nC: PASS b\nS: +OK in\nC: RETR 1\nS: +OK\nS: body\n";
    assert!(replay(Proto::Pop3, t, &mut |_| {}).is_err());
}

#[test]
fn a_pop3_reply_the_client_cannot_take_fails() {
    let t = "S: +OK ready\nC: USER a\nS: +OK\nC: PASS b\nS: +OK in\nC: STAT\nS: +OK lots\n";
    let (line, _, got) = fails_at(Proto::Pop3, t);
    assert_eq!(line, 7, "{got}");
}

#[test]
fn the_wrong_proto_is_a_usage_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/rfc5321-d1.smtp");
    let err = replay_file(Proto::Pop3, &path, &mut |_| {}).unwrap_err();
    assert!(matches!(err, ReplayError::Usage(_)), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    // an SMTP transcript read as POP3 content fails too
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(replay(Proto::Pop3, &text, &mut |_| {}).is_err());
}

#[test]
fn a_malformed_transcript_is_a_usage_error() {
    let err = replay(Proto::Smtp, "X: nothing\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let err = replay(Proto::Smtp, "# only a comment\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let err = replay(Proto::Smtp, "S: 250-unfinished\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
}

// The SMTP sessions of seeds 000 and 003, as the seed pages give them (003 rebuilt
// in order, one line each). They have no committed transcript: their client lines
// were typed by hand in forms our client machine never writes, so a replay cannot
// pass them byte for byte. The server's replies and the DATA phases still replay
// once only those client lines are written as the client writes them.

/// Seed 000 (`000_cdc0c108312d310c.txt`), the SMTP session against Exim 3.35, with
/// the page's indentation after each `C:`/`S:` dropped.
const SEED_000_EXIM: &str = "\
S: 220 sever ESMTP Exim 3.35 #1 Fri, 13 Aug 2004 12:11:17 +0200
C: HELO myhostname
S: 250 imap Hello myhostname [192.168.0.145]
C: MAIL From: me@example.com
S: 250 <me@example.com> is syntactically correct
C: RCPT To: me@example.com
S: 250 Cannot check <me@example.com> at this time - please try later accepted unverified
C: DATA
S: 354 Enter message, ending with \".\" on a line by itself
C: Subject: test
C:
C: This is the mailbody
C: .
S: 250 OK id=1BvZ31-0004kN-00
C: QUIT
S: 221 server closing connection
";

/// Seed 003 (`003_0a5da408707c692b.txt`), slide 7: the telnet session against
/// Exchange, without the telnet client's own lines.
const SEED_003_EXCHANGE: &str = "\
S: 220 HUB0.engr.sc.edu Microsoft ESMTP MAIL Service ready at Sat, 17 Nov 2007 20:18:49 -0500
C: HELO
S: 250 HUB0.engr.sc.edu Hello [129.252.130.106]
C: MAIL from:<wyxu@engr.sc.edu>
S: 250 2.1.0 Sender OK
C: RCPT to:<wyxu@cse.sc.edu>
S: 250 2.1.5 Recipient OK
C: DATA
S: 354 Start mail input; end with <CRLF>.<CRLF>
C: this is a test mail
C: .
S: 250 2.6.0 <c2b1c1a0-3951-4fd6-b6fb-675c0ee4a0dd> Queued mail for delivery
";

/// Seed 003, slide 8: the DATA phase with dot-stuffed lines, as it goes on the wire.
/// The slide shows no envelope; the one of slide 7 stands in.
const SEED_003_DOTS: &str = "\
C: DATA
S: 354 Start mail input; end with <CRLF>.<CRLF>
C: this message is a test of SMTP
C: ..
C: ..foo
C: ..
C: .
S: 250 2.6.0 <c2b1c1a0-3951-4fd6-b6fb-675c0ee4a0dd> Queued mail for delivery
";

/// Replays `t`, which must pass; the log.
fn passes(t: &str) -> Vec<String> {
    let mut log = Vec::new();
    let result = replay(Proto::Smtp, t, &mut |l| log.push(l.to_string()));
    assert!(result.is_ok(), "{result:?}\n{}", log.join("\n"));
    assert!(
        log.last().unwrap().starts_with("ok: "),
        "{}",
        log.join("\n")
    );
    log
}

#[test]
fn seed_000_fails_only_at_its_bracketless_paths() {
    // line 4: the client writes `FROM:<...>`, the seed `From: ...` (no brackets, a space)
    disagrees(
        Proto::Smtp,
        SEED_000_EXIM,
        4,
        "C: MAIL From: me@example.com",
        "C: MAIL FROM:<me@example.com>",
    );
    // line 6: the same for RCPT
    let mail = SEED_000_EXIM.replace("MAIL From: me@example.com", "MAIL FROM:<me@example.com>");
    disagrees(
        Proto::Smtp,
        &mail,
        6,
        "C: RCPT To: me@example.com",
        "C: RCPT TO:<me@example.com>",
    );
    // nothing else: with those two lines as the client writes them, all of it replays
    let log = passes(&mail.replace("RCPT To: me@example.com", "RCPT TO:<me@example.com>"));
    assert!(log.contains(&"client event: Closed".to_string()), "{log:?}");
}

#[test]
fn seed_003_fails_at_its_bare_helo() {
    // line 2: HELO needs a domain (RFC 5321 §4.1.1.1); Exchange took it bare, but
    // no client call writes it (the replay cannot read a hello name from it and
    // the client opens with its default EHLO)
    disagrees(
        Proto::Smtp,
        SEED_003_EXCHANGE,
        2,
        "C: HELO",
        "C: EHLO localhost",
    );
    // with a hello name, line 4: the client writes `FROM:`, the seed `from:`
    let helo = SEED_003_EXCHANGE.replace("C: HELO\n", "C: HELO localhost\n");
    disagrees(
        Proto::Smtp,
        &helo,
        4,
        "C: MAIL from:<wyxu@engr.sc.edu>",
        "C: MAIL FROM:<wyxu@engr.sc.edu>",
    );
    // and line 6: `TO:` against `to:`; nothing else
    let mail = helo.replace("MAIL from:", "MAIL FROM:");
    disagrees(
        Proto::Smtp,
        &mail,
        6,
        "C: RCPT to:<wyxu@cse.sc.edu>",
        "C: RCPT TO:<wyxu@cse.sc.edu>",
    );
    let session = mail.replace("RCPT to:", "RCPT TO:");
    let log = passes(&session);
    assert!(
        log.iter()
            .any(|l| l.starts_with("client event: MessageResult 250 2.6.0 ")),
        "{log:?}"
    );
    // slide 8's dot-stuffed DATA phase on that envelope: the server machine takes
    // the text line, then `.`, `.foo` and `.` unstuffed (32 + 3 + 6 + 3 octets)
    let dots = format!(
        "{}{SEED_003_DOTS}",
        &session[..session.find("C: DATA").unwrap()]
    );
    let log = passes(&dots);
    assert!(
        log.contains(&"server event: Decision MessageEnd 44 octets, 1 replies".to_string()),
        "{log:?}"
    );
}

// RFC sessions that cannot replay as the RFCs print them, each pinned at the line
// where it fails and why; with those lines as the machines write them, the rest
// replays.

/// RFC 5321 Appendix D.2, the aborted transaction, as printed.
const RFC5321_D2: &str = "\
S: 220 foo.com Simple Mail Transfer Service Ready
C: EHLO bar.com
S: 250-foo.com greets bar.com
S: 250-8BITMIME
S: 250-SIZE
S: 250-DSN
S: 250 HELP
C: MAIL FROM:<Smith@bar.com>
S: 250 OK
C: RCPT TO:<Jones@foo.com>
S: 250 OK
C: RCPT TO:<Green@foo.com>
S: 550 No such user here
C: RSET
S: 250 OK
C: QUIT
S: 221 foo.com Service closing transmission channel
";

#[test]
fn rfc5321_d2_replays_with_an_all_or_nothing_envelope() {
    // line 14: D.2's client drops the transaction after Green's 550 though Jones was
    // accepted: the replay reads the RSET after the RCPTs as `all_or_nothing`
    let log = passes(RFC5321_D2);
    let at = |line: &str| log.iter().position(|l| l == line);
    let call = at("client call: send_mail (2 recipients, all or nothing)");
    let failed = at("client event: TransactionFailed");
    let rset = at("C> RSET");
    assert!(call.is_some() && call < failed && failed < rset, "{log:?}");
    assert!(!log.iter().any(|l| l.contains("DATA")), "{log:?}");
    // with Jones refused too the client resets without the flag as well
    let both = RFC5321_D2.replacen(
        "C: RCPT TO:<Jones@foo.com>\nS: 250 OK",
        "C: RCPT TO:<Jones@foo.com>\nS: 550 No such user here",
        1,
    );
    let log = passes(&both);
    assert!(
        log.contains(&"client event: Reset 250 OK".to_string()),
        "{log:?}"
    );
}

/// Replays a POP3 transcript, which must pass; the log.
fn pop3_passes(t: &str) -> Vec<String> {
    let mut log = Vec::new();
    let result = replay(Proto::Pop3, t, &mut |l| log.push(l.to_string()));
    assert!(result.is_ok(), "{result:?}\n{}", log.join("\n"));
    log
}

/// RFC 2449 §5, the CAPA example, after a greeting (the RFC shows none; a POP3
/// replay starts with one).
const RFC2449_CAPA: &str = "\
S: +OK POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: USER
S: SASL CRAM-MD5 KERBEROS_V4
S: RESP-CODES
S: LOGIN-DELAY 900
S: PIPELINING
S: EXPIRE 60
S: UIDL
S: IMPLEMENTATION Shlemazle-Plotz-v302
S: .
";

#[test]
fn rfc2449_capa_replays_in_its_order() {
    // the machine writes the configured list in order, SASL where the list places it
    // (the replay configures the list from the answer itself), and the client reads
    // every capability
    let log = pop3_passes(RFC2449_CAPA);
    let ready = log
        .iter()
        .find(|l| l.starts_with("client event: Ready"))
        .unwrap();
    for cap in [
        "LoginDelay { seconds: 900",
        "Expire { policy: Days(60)",
        "Implementation(\"Shlemazle-Plotz-v302\")",
        "Other(MechanismName(\"KERBEROS_V4\"))",
    ] {
        assert!(ready.contains(cap), "{cap}: {ready}");
    }
}

/// RFC 5034 §3, the CAPA example.
const RFC5034_CAPA: &str = "\
S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: CAPA
S: +OK List of capabilities follows
S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS
S: STLS
S: IMPLEMENTATION BlurdyBlurp POP3 server
S: .
";

/// RFC 5034 §6, the first example: STLS, then AUTH PLAIN with an initial response.
/// The replay has no TLS: after the `+OK` both machines go on in the clear.
const RFC5034_PLAIN: &str = "\
S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: CAPA
S: +OK List of capabilities follows
S: SASL DIGEST-MD5 GSSAPI ANONYMOUS
S: STLS
S: IMPLEMENTATION BlurdyBlurp POP3 server
S: .
C: STLS
S: +OK Begin TLS negotiation now
C: CAPA
S: +OK List of capabilities follows
S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS
S: IMPLEMENTATION BlurdyBlurp POP3 server
S: .
C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=
S: +OK Maildrop locked and ready
";

/// RFC 5034 §6, the second example (AUTH PLAIN without an initial response), after
/// the first example's greeting (the RFC omits what came before TLS).
const RFC5034_PLAIN_NO_IR: &str = "\
S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: CAPA
S: +OK List of capabilities follows
S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS
S: IMPLEMENTATION BlurdyBlurp POP3 server
S: .
C: AUTH PLAIN
S: +
C: dGVzdAB0ZXN0AHRlc3Q=
S: +OK Maildrop locked and ready
";

/// RFC 5034 §6, the third example (DIGEST-MD5), its broken base64 lines joined.
const RFC5034_DIGEST_MD5: &str = "\
S: +OK pop.example.com BlurdyBlurp POP3 server ready
C: CAPA
S: +OK List of capabilities follows
S: SASL DIGEST-MD5 GSSAPI ANONYMOUS
S: STLS
S: IMPLEMENTATION BlurdyBlurp POP3 server
S: .
C: AUTH DIGEST-MD5
S: + cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hhcnNldD11dGYtOA==
C: Y2hhcnNldD11dGYtOCx1c2VybmFtZT0iY2hyaXMiLHJlYWxtPSJlbHdvb2QuaW5ub3NvZnQuY29tIixub25jZT0iT0E2TUc5dEVRR20yaGgiLG5jPTAwMDAwMDAxLGNub25jZT0iT0E2TUhYaDZWcVRyUmsiLGRpZ2VzdC11cmk9InBvcC9lbHdvb2QuaW5ub3NvZnQuY29tIixyZXNwb25zZT1iMGQ1NmQyZjA1NGMyNGI2MjA3MjMyMjEwNjQ2OGRiOSxxb3A9YXV0aA==
S: + cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA==
C:
S: +OK Maildrop locked and ready
";

#[test]
fn rfc5034_capa_replays_without_pipelining() {
    // SASL first, STLS, IMPLEMENTATION, and no PIPELINING, as the RFC server lists them
    let log = pop3_passes(RFC5034_CAPA);
    assert!(!log.iter().any(|l| l.contains("PIPELINING")), "{log:?}");
}

#[test]
fn rfc5034_auth_plain_fails_at_its_capabilities_then_replays() {
    // line 4: the machine has one SASL list for before and after TLS, where the RFC
    // server adds PLAIN only under TLS: the replay takes the last answer's (with
    // PLAIN), so the first CAPA differs in that
    disagrees(
        Proto::Pop3,
        RFC5034_PLAIN,
        4,
        "S: SASL DIGEST-MD5 GSSAPI ANONYMOUS",
        "S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS",
    );
    let same_sasl = RFC5034_PLAIN.replacen(
        "S: SASL DIGEST-MD5 GSSAPI ANONYMOUS",
        "S: SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS",
        1,
    );
    // nothing else: STLS, the second CAPA and AUTH PLAIN with its initial response
    // (authzid, authcid and password all "test") replay
    let log = pop3_passes(&same_sasl);
    assert!(
        log.contains(&"client call: authenticate PLAIN (initial response)".to_string()),
        "{log:?}"
    );
    assert!(
        log.contains(&"server event: Decision Login test".to_string()),
        "{log:?}"
    );
    assert_eq!(
        log.last().unwrap(),
        "ok: both machines agree with all 16 lines"
    );
}

#[test]
fn rfc5034_auth_plain_without_an_initial_response_fails_at_auth() {
    // line 7: the client machine sends PLAIN's initial response whenever the line
    // stays within 255 octets (RFC 5034 §4 lets it); no call withholds it
    disagrees(
        Proto::Pop3,
        RFC5034_PLAIN_NO_IR,
        7,
        "C: AUTH PLAIN",
        "C: AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=",
    );
}

#[test]
fn rfc5034_digest_md5_fails_at_a_mechanism_we_lack() {
    // line 8, AUTH: mail-proto-core's SASL client has no DIGEST-MD5 credentials
    // (RFC 2831, historic since RFC 6331)
    let (line, expected, got) = fails_at(Proto::Pop3, RFC5034_DIGEST_MD5);
    assert_eq!(line, 8);
    assert_eq!(expected, "AUTH DIGEST-MD5");
    assert_eq!(
        got,
        "the replay cannot work out credentials for this mechanism"
    );
}

#[test]
fn a_tampered_stat_answer_fails_although_its_status_matches() {
    // STAT's count and size are data the client believes, not free text
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/rfc1939-apop.pop3");
    let t = std::fs::read_to_string(path).unwrap();
    assert!(t.contains("S: +OK 2 320\n"));
    let tampered = t.replace("S: +OK 2 320\n", "S: +OK 3 320\n");
    let (line, expected, got) = fails_at(Proto::Pop3, &tampered);
    assert_eq!(line, 9, "{expected} / {got}");
    assert_eq!(
        (expected.as_str(), got.as_str()),
        ("S: +OK 3 320", "S: +OK 2 320")
    );
}

#[test]
fn a_machine_worded_reply_with_another_enhanced_code_fails() {
    // the machine's own RSET answer is 250 2.0.0; the code alone matching is not enough
    let t = "S: 220 mx.example ESMTP\nC: EHLO c.example\nS: 250-mx.example\nS: 250 ENHANCEDSTATUSCODES\nC: RSET\nS: 250 2.1.0 reset\nC: QUIT\nS: 221 2.0.0 Bye\n";
    let (line, expected, got) = fails_at(Proto::Smtp, t);
    assert_eq!(line, 6, "{expected} / {got}");
    assert!(got.contains("250 2.0.0"), "{got}");
    // and with the right enhanced code, other text is the machine's own
    passes(&t.replace("250 2.1.0 reset", "250 2.0.0 all clear"));
}
