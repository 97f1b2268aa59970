//! Lenient-by-default command parsing with named tolerances, and MAIL/RCPT line limits
//! that follow the offered extensions (RFC 5321 §4.5.3.1.4).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use smtp_proto::*;

fn hello_name(line: &[u8], options: &CommandOptions) -> Option<Domain<'static>> {
    match parse_command_with(line, options).ok()?.0 {
        Command::Hello { domain, .. } => Some(domain.into_owned()),
        _ => None,
    }
}

#[test]
fn curl_hello_with_a_file_name_is_accepted_by_default() {
    // curl names itself after the file it uploads: `EHLO msg_1.eml`
    let line = b"EHLO msg_1.eml\r\n";
    let domain = hello_name(line, &CommandOptions::default()).unwrap();
    assert!(matches!(&domain, Domain::Nonstandard(n) if n.as_str() == "msg_1.eml"));
    assert!(
        parse_command_with(line, &CommandOptions::strict())
            .err()
            .is_some()
    );
    // the switch alone turns it off
    let mut options = CommandOptions::default();
    options.allow_any_hello_name = false;
    assert!(parse_command_with(line, &options).err().is_some());
    // and it encodes back as sent
    let mut out = Vec::new();
    encode_command(
        &Command::Hello {
            kind: HelloKind::Ehlo,
            domain,
        },
        &mut out,
    );
    assert_eq!(out, line);
}

#[test]
fn windows_netbios_hello_name_is_accepted_by_default() {
    let domain = hello_name(b"HELO DESKTOP_7F3\r\n", &CommandOptions::default()).unwrap();
    assert_eq!(
        domain,
        Domain::Nonstandard(NonstandardName::new("DESKTOP_7F3").unwrap())
    );
    assert!(
        NonstandardName::new("example.com").is_err(),
        "that is a Name"
    );
    // a valid name stays a Name even with the tolerance on
    let domain = hello_name(b"EHLO mail.example.com\r\n", &CommandOptions::default()).unwrap();
    assert_eq!(domain, Domain::name("mail.example.com").unwrap());
}

#[test]
fn exim_seed_000_bracketless_mail_from_is_accepted_by_default() {
    let line = b"MAIL From: me@example.com\r\n";
    let (cmd, used) = parse_command(line).ok().unwrap();
    assert_eq!(used, line.len());
    let Command::Mail {
        from: ReversePath::Mailbox(m),
        ..
    } = cmd
    else {
        panic!("{cmd:?}")
    };
    assert_eq!(m.to_string(), "me@example.com");
    assert!(
        parse_command_with(line, &CommandOptions::strict())
            .err()
            .is_some()
    );
    let mut no_space = CommandOptions::default();
    no_space.allow_space_after_colon = false;
    assert!(parse_command_with(line, &no_space).err().is_some());
    let mut bracketed_only = CommandOptions::default();
    bracketed_only.allow_unbracketed_path = false;
    assert!(parse_command_with(line, &bracketed_only).err().is_some());
    assert!(parse_command_with(b"MAIL FROM: <me@example.com>\r\n", &bracketed_only).is_complete());
}

#[test]
fn strict_and_default_tolerances_are_as_documented() {
    let strict = CommandOptions::strict();
    assert!(
        !(strict.allow_bare_lf
            || strict.allow_space_after_colon
            || strict.allow_unbracketed_path
            || strict.allow_empty_hello
            || strict.allow_any_hello_name)
    );
    let default = CommandOptions::default();
    assert!(
        !default.allow_bare_lf,
        "bare LF stays refused: SMTP smuggling"
    );
    assert!(!default.allow_empty_hello, "Postfix and Exim answer 501");
    let lenient = CommandOptions::lenient();
    assert!(lenient.allow_bare_lf && lenient.allow_empty_hello);
    let (cmd, _) = parse_command_with(b"HELO\r\n", &lenient).ok().unwrap();
    let mut out = Vec::new();
    encode_command(&cmd, &mut out);
    assert_eq!(out, b"HELO\r\n");
}

/// A RCPT line of exactly `len` octets with every DSN parameter.
fn dsn_rcpt_line(len: usize) -> Vec<u8> {
    let head = b"RCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;";
    let mut line = head.to_vec();
    let pad = len - head.len() - "@example.org\r\n".len();
    line.extend(std::iter::repeat_n(b'x', pad));
    line.extend_from_slice(b"@example.org\r\n");
    assert_eq!(line.len(), len);
    line
}

#[test]
fn dsn_lengthens_rcpt_lines() {
    let line = dsn_rcpt_line(563);
    let mut caps = Capabilities::default();
    caps.dsn = true;
    let options = CommandOptions::for_capabilities(&caps);
    let (cmd, used) = parse_command_with(&line, &options).ok().unwrap();
    assert_eq!(used, 563);
    let Command::Rcpt { params, .. } = cmd else {
        panic!()
    };
    assert_eq!(params.orcpt.unwrap().addr().len(), 563 - 74 - 2);
    // the bare RFC 5321 limit refuses it as too long
    let e = parse_command(&line).err().unwrap();
    assert_eq!(e.kind, DecodeErrorKind::LineTooLong { limit: 512 });
    assert_eq!(e.offset, 512);
    // a prefix is incomplete under either limit
    assert!(parse_command_with(&line[..540], &options).is_incomplete());
    assert!(parse_command(&line[..500]).is_incomplete());
}

#[test]
fn limits_follow_each_extension() {
    let base = LineLimits::for_capabilities(&Capabilities::default());
    assert_eq!(base, LineLimits::default());
    assert_eq!((base.mail, base.rcpt), (512, 512));
    let mut caps = Capabilities::default();
    caps.size = Some(None);
    assert_eq!(LineLimits::for_capabilities(&caps).mail, 512 + 26);
    caps.auth = vec![Mechanism::Plain];
    assert_eq!(LineLimits::for_capabilities(&caps).mail, 512 + 26 + 500);
    caps.smtputf8 = true;
    caps.eight_bit_mime = true;
    let limits = LineLimits::for_capabilities(&caps);
    assert_eq!(limits.mail, 512 + 26 + 500 + 10 + 16);
    assert_eq!(limits.rcpt, 512, "none of these touch RCPT");
    // a MAIL line with AUTH= of 600 octets needs the AUTH allowance
    let mut line = b"MAIL FROM:<a@example.com> AUTH=".to_vec();
    line.extend(std::iter::repeat_n(
        b'x',
        600 - line.len() - "@example.com\r\n".len(),
    ));
    line.extend_from_slice(b"@example.com\r\n");
    assert_eq!(line.len(), 600);
    let options = CommandOptions::default().with_line_limits(limits);
    assert!(parse_command_with(&line, &options).is_complete());
    assert!(parse_command(&line).err().is_some());
    // the fast path keeps the same limits
    let mut fast = b"MAIL FROM:<".to_vec();
    fast.extend(std::iter::repeat_n(b'a', 520));
    fast.extend_from_slice(b"@b.example> SIZE=1\r\n");
    assert!(parse_command(&fast).err().is_some());
    assert!(parse_command_with(&fast, &options).is_complete());
}
