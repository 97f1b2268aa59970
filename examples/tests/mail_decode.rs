//! `mail-decode`: exact offsets and kinds for hand-built streams of each protocol and
//! side, the assumptions one direction forces, errors with their offsets, and every
//! file of the MailKit corpus decoding and surviving the round trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use examples::decode::{Failure, Message, Options, Proto, Side, decode_all};
use mail_proto_test_support::mailkit_wire;

fn opts(proto: Proto, from: Side) -> Options {
    Options {
        proto,
        from,
        strict: false,
        roundtrip: true,
    }
}

fn strict(o: Options) -> Options {
    Options { strict: true, ..o }
}

/// The messages as `offset kind` lines, then the error line if any.
fn lines(input: &[u8], o: &Options) -> Vec<String> {
    let (messages, failure) = decode_all(input, o);
    let mut out: Vec<String> = messages
        .iter()
        .map(|Message { offset, kind }| format!("{offset} {kind}"))
        .collect();
    if let Some(f) = failure {
        out.push(f.to_string());
    }
    out
}

/// Each part's offset and the kind it must decode as: builds the stream and the
/// expected lines from the same table, so offsets are computed, not typed in.
fn table(parts: &[(&[u8], &str)]) -> (Vec<u8>, Vec<String>) {
    let mut stream = Vec::new();
    let mut expected = Vec::new();
    for (bytes, kind) in parts {
        expected.push(format!("{} {kind}", stream.len()));
        stream.extend_from_slice(bytes);
    }
    (stream, expected)
}

fn failure(input: &[u8], o: &Options) -> Failure {
    decode_all(input, o).1.expect("decoding must fail")
}

#[test]
fn smtp_client_stream_with_data_bdat_and_auth() {
    let (stream, expected) = table(&[
        (b"EHLO msg_1.eml\r\n", "command EHLO"),
        (b"AUTH LOGIN\r\n", "command AUTH"),
        (b"YWxpY2U=\r\n", "auth-response"),
        (b"aHVudGVyMg==\r\n", "auth-response"),
        (b"MAIL From: me@example.com\r\n", "command MAIL"),
        (
            b"RCPT TO:<you@example.org> NOTIFY=SUCCESS\r\n",
            "command RCPT",
        ),
        (b"DATA\r\n", "command DATA"),
        (
            b"Subject: x\r\n\r\n..a line that starts with a dot\r\nQUIT\r\n.\r\n",
            "data",
        ),
        (b"BDAT 12 LAST\r\nQUIT\r\nRSET\r\n", "command BDAT"),
        (b"quit\r\n", "command QUIT"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Smtp, Side::Client)), expected);
}

#[test]
fn smtp_client_strict_refuses_what_the_defaults_take() {
    let input = b"EHLO a.example\r\nMAIL From: me@example.com\r\n";
    let o = strict(opts(Proto::Smtp, Side::Client));
    let f = failure(input, &o);
    assert!(f.offset >= 16 && f.offset < input.len(), "{f}");
    assert_eq!(lines(input, &o)[0], "0 command EHLO");
    // a bare LF in the message is kept by default and refused under --strict
    let data = b"DATA\r\nx\ny\r\n.\r\n";
    assert!(
        decode_all(data, &opts(Proto::Smtp, Side::Client))
            .1
            .is_none()
    );
    let f = failure(data, &o);
    assert_eq!(f.offset, 6 + 1, "{f}");
}

#[test]
fn smtp_server_stream_of_replies() {
    let (stream, expected) = table(&[
        (b"220 mx.example ESMTP\r\n", "reply 220"),
        (
            b"250-mx.example\r\n250-PIPELINING\r\n250 SIZE 10000\r\n",
            "reply 250",
        ),
        (b"334 VXNlcm5hbWU6\r\n", "reply 334"),
        (b"452 4.5.3 too many recipients\r\n", "reply 452"),
        (b"354 go ahead\r\n", "reply 354"),
        (b"221 bye\r\n", "reply 221"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Smtp, Side::Server)), expected);
}

#[test]
fn truncated_and_broken_streams_fail_at_the_message() {
    let o = opts(Proto::Smtp, Side::Client);
    // a command with no line end
    assert_eq!(
        lines(b"NOOP\r\nMAIL FROM:<a@b>", &o),
        [
            "0 command NOOP",
            "error at byte 6: incomplete message at end of input"
        ]
    );
    // DATA that never ends, a BDAT chunk cut short
    assert_eq!(failure(b"DATA\r\nabc\r\n", &o).offset, 6);
    assert_eq!(failure(b"NOOP\r\nBDAT 100\r\nabc", &o).offset, 6);
    // replies with mixed codes: the offset is inside the reply
    let f = failure(
        b"250 ok\r\n250-a\r\n251 b\r\n",
        &opts(Proto::Smtp, Side::Server),
    );
    assert!(f.offset >= 8, "{f}");
}

#[test]
fn pop3_client_stream_with_sasl() {
    let (stream, expected) = table(&[
        (b"CAPA\r\n", "command CAPA"),
        (b"AUTH PLAIN\r\n", "command AUTH"),
        (b"AGFsaWNlAGh1bnRlcjI=\r\n", "auth-response"),
        (b"STAT\r\n", "command STAT"),
        (b"LIST\r\n", "command LIST"),
        (b"RETR 1\r\n", "command RETR"),
        (b"TOP 2 0\r\n", "command TOP"),
        (
            b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
            "command APOP",
        ),
        (b"QUIT\r\n", "command QUIT"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Pop3, Side::Client)), expected);
    // message number 0 is an error at its offset
    let f = failure(b"STAT\r\nRETR 0\r\n", &opts(Proto::Pop3, Side::Client));
    assert!(f.offset >= 6, "{f}");
}

#[test]
fn pop3_server_stream_tells_multi_line_from_the_next_line() {
    let (stream, expected) = table(&[
        (
            b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
            "greeting +OK",
        ),
        (
            b"+OK mrose's maildrop has 2 messages (320 octets)\r\n",
            "response +OK",
        ),
        (b"+OK 2 320\r\n", "response +OK"),
        (
            b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n",
            "response +OK multi-line",
        ),
        (b"+OK\r\n.\r\n", "response +OK multi-line"),
        (
            b"+OK 120 octets\r\nSubject: x\r\n\r\n..dotted\r\n+OK inside\r\n.\r\n",
            "response +OK multi-line",
        ),
        (b"-ERR no such message\r\n", "response -ERR"),
        (b"+ \r\n", "continuation"),
        (b"+OK dewey POP3 server signing off\r\n", "response +OK"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Pop3, Side::Server)), expected);
    // lower-case status is a named tolerance of the client: --strict refuses it
    let lower = b"+OK hi\r\n+ok fine\r\n";
    assert!(
        decode_all(lower, &opts(Proto::Pop3, Side::Server))
            .1
            .is_none()
    );
    assert_eq!(
        failure(lower, &strict(opts(Proto::Pop3, Side::Server))).offset,
        8
    );
    // a body that never ends
    assert_eq!(
        failure(
            b"+OK hi\r\n+OK 1 message\r\n1 120\r\n",
            &opts(Proto::Pop3, Side::Server)
        )
        .offset,
        8
    );
}

#[test]
fn imap_client_stream_with_literals_idle_and_authenticate() {
    let (stream, expected) = table(&[
        (b"a1 CAPABILITY\r\n", "command CAPABILITY"),
        (b"a2 AUTHENTICATE PLAIN\r\n", "command AUTHENTICATE"),
        (b"AGFsaWNlAGh1bnRlcjI=\r\n", "authenticate-data"),
        (b"a3 LOGIN {5}\r\nalice {7}\r\nhunter2\r\n", "command LOGIN"),
        (b"a4 SELECT INBOX\r\n", "command SELECT"),
        (
            b"a5 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n",
            "command UID FETCH",
        ),
        (b"a6 IDLE\r\n", "command IDLE"),
        (b"DONE\r\n", "idle-done"),
        (
            b"a7 APPEND INBOX (\\Seen) {11+}\r\nhello\r\nbody\r\n",
            "command APPEND",
        ),
        (b"a8 LOGOUT\r\n", "command LOGOUT"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Imap, Side::Client)), expected);
    // the literal payload is never read as a command
    let smuggled = b"a1 APPEND INBOX {17}\r\na2 DELETE INBOX\r\n\r\n";
    assert_eq!(
        lines(smuggled, &opts(Proto::Imap, Side::Client)),
        ["0 command APPEND"]
    );
}

#[test]
fn imap_client_errors_carry_offsets() {
    let o = opts(Proto::Imap, Side::Client);
    let f = failure(b"a1 NOOP\r\na2 LOGIN\r\n", &o);
    assert!(f.offset >= 9, "{f}");
    // a literal of 2^63 bytes is refused against the limit, at once
    let f = failure(b"a1 NOOP\r\na2 APPEND INBOX {9223372036854775808}\r\n", &o);
    assert!(f.offset >= 9, "{f}");
    // a literal length with 30 digits; zero-prefixed lengths are legal (its payload
    // is what is missing here)
    let f = failure(b"a1 LOGIN {123456789012345678901234567890}\r\n", &o);
    assert!(
        f.reason.contains("number") || f.reason.contains("literal"),
        "{f}"
    );
    let f = failure(b"a1 LOGIN {000000000000000000000000000005}\r\n", &o);
    assert_eq!(f.reason, "incomplete message at end of input");
    // IDLE must end with DONE
    let f = failure(b"a1 IDLE\r\na2 NOOP\r\n", &o);
    assert_eq!(f.offset, 9, "{f}");
}

#[test]
fn imap_server_stream() {
    let (stream, expected) = table(&[
        (b"* OK [CAPABILITY IMAP4rev1] ready\r\n", "greeting OK"),
        (b"* CAPABILITY IMAP4rev1 IDLE\r\n", "response CAPABILITY"),
        (b"* 18 EXISTS\r\n", "response EXISTS"),
        (b"* FLAGS (\\Answered \\Seen)\r\n", "response FLAGS"),
        (
            b"* 12 FETCH (UID 42 BODY[] {5}\r\nhello)\r\n",
            "response FETCH",
        ),
        (b"* THREAD (2)(3 6 (4 23)(44 7 96))\r\n", "response THREAD"),
        (b"* MYRIGHTS INBOX rwiptsldaex\r\n", "response MYRIGHTS"),
        (b"* 3 XFoo bar\r\n", "response unknown"),
        (b"+ idling\r\n", "continuation"),
        (b"* BYE logging out\r\n", "response BYE"),
        (b"a1 OK [READ-WRITE] done\r\n", "response tagged OK"),
    ]);
    assert_eq!(lines(&stream, &opts(Proto::Imap, Side::Server)), expected);
    // a BODYSTRUCTURE nested 100,000 deep: an error, no stack overflow
    let mut deep = b"* OK hi\r\n* 1 FETCH (BODYSTRUCTURE ".to_vec();
    deep.extend(std::iter::repeat_n(b'(', 100_000));
    deep.extend_from_slice(b"\r\n");
    let f = failure(&deep, &opts(Proto::Imap, Side::Server));
    assert!(f.offset >= 9, "{f}");
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(name)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_mailkit_imap_reply_decodes_and_round_trips() {
    let all = files(&corpus("mailkit-imap"));
    if all.is_empty() {
        eprintln!("corpus not present: skipped");
        return;
    }
    let mut messages = 0;
    for path in &all {
        let body = mailkit_wire(&std::fs::read(path).unwrap());
        let name = path.file_name().unwrap().to_string_lossy();
        let mut stream = Vec::new();
        if !name.contains("greeting") {
            stream.extend_from_slice(b"* OK ready\r\n");
        }
        stream.extend_from_slice(&body);
        let (m, f) = decode_all(&stream, &opts(Proto::Imap, Side::Server));
        assert!(f.is_none(), "{}: {}", path.display(), f.unwrap());
        messages += m.len();
    }
    assert!(
        messages > all.len(),
        "{messages} messages in {} files",
        all.len()
    );
}

#[test]
fn every_mailkit_pop3_reply_decodes_and_round_trips() {
    let all = files(&corpus("mailkit-pop3"));
    if all.is_empty() {
        eprintln!("corpus not present: skipped");
        return;
    }
    let mut multi = 0;
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // MailKit's deliberately malformed listings are typed errors, not framing ones
        let body = mailkit_wire(&std::fs::read(path).unwrap());
        let mut stream = Vec::new();
        if !name.starts_with("greeting") {
            stream.extend_from_slice(b"+OK ready\r\n");
        }
        stream.extend_from_slice(&body);
        let (m, f) = decode_all(&stream, &opts(Proto::Pop3, Side::Server));
        assert!(f.is_none(), "{}: {}", path.display(), f.unwrap());
        multi += m.iter().filter(|m| m.kind.ends_with("multi-line")).count();
    }
    assert!(multi > 10, "{multi} multi-line replies");
}

#[test]
fn every_mailkit_smtp_reply_decodes_and_round_trips() {
    let all = files(&corpus("mailkit-smtp"));
    if all.is_empty() {
        eprintln!("corpus not present: skipped");
        return;
    }
    let mut stream = Vec::new();
    for path in &all {
        stream.extend_from_slice(&mailkit_wire(&std::fs::read(path).unwrap()));
    }
    let (m, f) = decode_all(&stream, &opts(Proto::Smtp, Side::Server));
    assert!(f.is_none(), "{}", f.unwrap());
    assert!(m.len() >= all.len());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Any bytes, in every mode: no panic, and a failure points inside the input.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        crlf_words in proptest::collection::vec(
            proptest::sample::select(vec![
                &b"\r\n"[..], b"+OK ", b"* ", b"a1 ", b"{3}\r\n", b"DATA\r\n", b"250-", b".\r\n",
                b"AUTH PLAIN\r\n", b"IDLE\r\n", b"FETCH (", b")",
            ]),
            0..20,
        ),
    ) {
        let mut input = bytes;
        for w in crlf_words {
            input.extend_from_slice(w);
        }
        for proto in [Proto::Smtp, Proto::Pop3, Proto::Imap] {
            for from in [Side::Client, Side::Server] {
                for strict in [false, true] {
                    let o = Options { proto, from, strict, roundtrip: true };
                    let (messages, failure) = decode_all(&input, &o);
                    let mut last = None;
                    for m in &messages {
                        proptest::prop_assert!(m.offset < input.len());
                        proptest::prop_assert!(last < Some(m.offset));
                        last = Some(m.offset);
                    }
                    if let Some(f) = failure {
                        proptest::prop_assert!(f.offset <= input.len(), "{f}");
                    }
                }
            }
        }
    }
}

/// What `mail-decode` printed and its exit code, run on `input` with `args`.
///
/// The tool is an example target, which `cargo test --test mail_decode` does not
/// build, so it is built here (a no-op when it is up to date), with the profile of
/// this test and into the same target directory.
fn run_mail_decode(args: &[&str], input: &[u8]) -> (Option<i32>, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let exe = BUILT.get_or_init(|| {
        // target/<profile>/deps/mail_decode-<hash>
        let me = std::env::current_exe().unwrap();
        let profile_dir = me.parent().unwrap().parent().unwrap().to_path_buf();
        let target_dir = profile_dir.parent().unwrap();
        let mut build = Command::new(env!("CARGO"));
        build
            .args([
                "build",
                "--quiet",
                "-p",
                "examples",
                "--example",
                "mail-decode",
            ])
            .env("CARGO_TARGET_DIR", target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if !cfg!(debug_assertions) {
            build.arg("--release");
        }
        let status = build.status().unwrap();
        assert!(status.success(), "building mail-decode: {status}");
        profile_dir
            .join("examples")
            .join(format!("mail-decode{}", std::env::consts::EXE_SUFFIX))
    });
    let mut child = Command::new(exe)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Lines only the lenient response parser takes, each with the offset in it where
/// `--strict` refuses it.
const IMAP_LENIENT_ONLY: &[(&[u8], usize)] = &[
    // no SP after the response code (Dovecot, Gmail): at the missing SP
    (b"* OK [UIDNEXT 5]\r\n", 16),
    // doubled spaces between FETCH items: at the second space
    (b"* 1 FETCH (UID 7  FLAGS (\\Seen))\r\n", 17),
];

#[test]
fn imap_server_strict_refuses_what_the_client_defaults_take() {
    let greeting = b"* OK [CAPABILITY IMAP4rev1] ready\r\n";
    for &(line, at) in IMAP_LENIENT_ONLY {
        let mut input = greeting.to_vec();
        input.extend_from_slice(line);
        let name = String::from_utf8_lossy(line);
        // the library the tool wraps
        let o = opts(Proto::Imap, Side::Server);
        assert_eq!(decode_all(&input, &o).1, None, "{name}");
        let f = failure(&input, &strict(o));
        assert_eq!(f.offset, greeting.len() + at, "{name}: {f}");
        // and the tool
        let args = ["--proto", "imap", "--from", "server"];
        let (code, out) = run_mail_decode(&args, &input);
        assert_eq!(code, Some(0), "{name}: {out}");
        assert_eq!(out.lines().count(), 2, "{name}: {out}");
        let (code, out) = run_mail_decode(&[&args[..], &["--strict"]].concat(), &input);
        assert_eq!(code, Some(1), "{name}: {out}");
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("0 greeting OK"), "{name}: {out}");
        let error = lines.next().unwrap_or_default();
        assert!(
            error.starts_with(&format!("error at byte {}: ", f.offset)),
            "{name}: {out}"
        );
        assert_eq!(lines.next(), None, "{name}: {out}");
    }
}

#[test]
fn imap_client_strict_takes_a_valid_command_stream() {
    let (stream, expected) = table(&[
        (b"a1 CAPABILITY\r\n", "command CAPABILITY"),
        (b"a2 LOGIN {5}\r\nalice {7}\r\nhunter2\r\n", "command LOGIN"),
        (b"a3 SELECT INBOX\r\n", "command SELECT"),
        (
            b"a4 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n",
            "command UID FETCH",
        ),
        (b"a5 IDLE\r\n", "command IDLE"),
        (b"DONE\r\n", "idle-done"),
        (b"a6 LOGOUT\r\n", "command LOGOUT"),
    ]);
    assert_eq!(
        lines(&stream, &strict(opts(Proto::Imap, Side::Client))),
        expected
    );
    let (code, out) = run_mail_decode(
        &["--proto", "imap", "--from", "client", "--strict"],
        &stream,
    );
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn an_unknown_command_or_response_prints_no_word_of_the_peer() {
    // the kind names what the codec knows, never text from the message itself
    for (proto, input) in [
        (Proto::Smtp, &b"XHUNTER2 secret\r\n"[..]),
        (Proto::Pop3, b"XHUNTER2 secret\r\n"),
        (Proto::Imap, b"a1 XHUNTER2 secret\r\n"),
    ] {
        assert_eq!(
            lines(input, &opts(proto, Side::Client)),
            vec!["0 command unknown".to_string()],
            "{proto:?}"
        );
    }
    assert_eq!(
        lines(
            b"* OK hi\r\n* XHUNTER2 secret\r\n",
            &opts(Proto::Imap, Side::Server)
        ),
        vec![
            "0 greeting OK".to_string(),
            "9 response unknown".to_string()
        ]
    );
}
