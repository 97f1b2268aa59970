//! Command lines, strict RFC 5321 form.

use bytes::BufMut;

use super::check_line;
use crate::error::EncodeError;
use crate::parse::{is_keyword, is_value};
use crate::types::{
    Body, ByMode, Command, Domain, ForwardPath, MailParams, Mailbox, Param, RcptParams, Ret,
    ReversePath, xtext_encode,
};

fn invalid(field: &'static str, reason: &'static str) -> EncodeError {
    EncodeError::Invalid { field, reason }
}

fn put_domain(domain: &Domain<'_>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if let Domain::Name(name) = domain {
        // a name must be a valid domain, so it can never smuggle a line break
        if crate::parse::address::domain_or_literal_complete(name.as_bytes()).is_err()
            || name.starts_with('[')
        {
            return Err(invalid("domain", "not a domain name"));
        }
    }
    if let Domain::General { tag, content } = domain {
        check_line("address literal", tag)?;
        check_line("address literal", content)?;
        if content.contains([']', '[', '\\', ' ']) || tag.contains([':', ' ']) {
            return Err(invalid("address literal", "bad characters"));
        }
    }
    out.extend_from_slice(domain.to_string().as_bytes());
    Ok(())
}

fn put_mailbox(m: &Mailbox<'_>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    check_line("local part", m.local_part())?;
    out.extend_from_slice(m.local_part().as_bytes());
    out.push(b'@');
    put_domain(m.domain(), out)
}

fn put_param(p: &Param<'_>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if !is_keyword(p.keyword.as_bytes()) {
        return Err(invalid("parameter keyword", "not an esmtp-keyword"));
    }
    out.push(b' ');
    out.extend_from_slice(p.keyword.as_bytes());
    if let Some(v) = &p.value {
        put_value("parameter value", v, out)?;
    }
    Ok(())
}

/// `"=" esmtp-value`, checked.
fn put_value(field: &'static str, v: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if !is_value(v.as_bytes()) {
        return Err(invalid(field, "not an esmtp-value"));
    }
    out.push(b'=');
    out.extend_from_slice(v.as_bytes());
    Ok(())
}

fn put_mail_params(p: &MailParams<'_>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if let Some(size) = p.size {
        out.extend_from_slice(format!(" SIZE={size}").as_bytes());
    }
    if let Some(body) = p.body {
        out.extend_from_slice(match body {
            Body::SevenBit => b" BODY=7BIT".as_slice(),
            Body::EightBitMime => b" BODY=8BITMIME",
            Body::BinaryMime => b" BODY=BINARYMIME",
        });
    }
    if p.smtputf8 {
        out.extend_from_slice(b" SMTPUTF8");
    }
    if let Some(ret) = p.ret {
        out.extend_from_slice(if ret == Ret::Full {
            b" RET=FULL"
        } else {
            b" RET=HDRS"
        });
    }
    if let Some(envid) = &p.envid {
        out.extend_from_slice(b" ENVID=");
        xtext_encode(envid, out);
    }
    match &p.auth {
        Some(None) => out.extend_from_slice(b" AUTH=<>"),
        Some(Some(m)) => {
            let mut text = Vec::new();
            put_mailbox(m, &mut text)?;
            out.extend_from_slice(b" AUTH=");
            xtext_encode(&String::from_utf8_lossy(&text), out);
        }
        None => {}
    }
    if p.requiretls {
        out.extend_from_slice(b" REQUIRETLS");
    }
    if let Some(prio) = p.mt_priority {
        if !(-9..=9).contains(&prio) {
            return Err(invalid("MT-PRIORITY", "outside -9..=9"));
        }
        out.extend_from_slice(format!(" MT-PRIORITY={prio}").as_bytes());
    }
    if let Some(h) = p.hold_for {
        if h > 999_999_999 {
            return Err(invalid("HOLDFOR", "more than 9 digits"));
        }
        out.extend_from_slice(format!(" HOLDFOR={h}").as_bytes());
    }
    if let Some(h) = &p.hold_until {
        out.extend_from_slice(b" HOLDUNTIL");
        put_value("HOLDUNTIL", h, out)?;
    }
    if let Some(by) = p.by {
        if !(-999_999_999..=999_999_999).contains(&by.time) {
            return Err(invalid("BY", "time has more than 9 digits"));
        }
        let mode = if by.mode == ByMode::Notify { 'N' } else { 'R' };
        let trace = if by.trace { "T" } else { "" };
        out.extend_from_slice(format!(" BY={};{mode}{trace}", by.time).as_bytes());
    }
    for o in &p.other {
        put_param(o, out)?;
    }
    Ok(())
}

fn put_rcpt_params(p: &RcptParams<'_>, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    if let Some(n) = p.notify {
        out.extend_from_slice(b" NOTIFY=");
        if n.is_never() {
            out.extend_from_slice(b"NEVER");
        } else {
            let names = [
                (n.success, "SUCCESS"),
                (n.failure, "FAILURE"),
                (n.delay, "DELAY"),
            ];
            let list: Vec<&str> = names
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, s)| *s)
                .collect();
            out.extend_from_slice(list.join(",").as_bytes());
        }
    }
    if let Some(o) = &p.orcpt {
        if !is_keyword(o.addr_type.as_bytes()) || o.addr.is_empty() {
            return Err(invalid("ORCPT", "bad address type or empty address"));
        }
        out.extend_from_slice(b" ORCPT=");
        out.extend_from_slice(o.addr_type.as_bytes());
        out.push(b';');
        xtext_encode(&o.addr, out);
    }
    if let Some(r) = &p.rrvs {
        out.extend_from_slice(b" RRVS");
        let value = match r.action {
            Some(a @ ('C' | 'R')) => format!("{};{a}", r.time),
            Some(_) => return Err(invalid("RRVS", "action is not C or R")),
            None => r.time.to_string(),
        };
        put_value("RRVS", &value, out)?;
    }
    for o in &p.other {
        put_param(o, out)?;
    }
    Ok(())
}

fn put_text(field: &'static str, text: &str, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    check_line(field, text)?;
    if text.is_empty() {
        return Err(invalid(field, "empty"));
    }
    out.push(b' ');
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

/// Appends `command` and its `CRLF` to `buf`, or writes nothing and fails if a field
/// would break the grammar.
///
/// ```
/// use smtp_proto::{encode_command, Command};
/// let mut out = Vec::new();
/// encode_command(&Command::Vrfy("Smith".into()), &mut out).unwrap();
/// assert_eq!(out, b"VRFY Smith\r\n");
/// assert!(encode_command(&Command::Vrfy("a\r\nRSET".into()), &mut out).is_err());
/// assert_eq!(out, b"VRFY Smith\r\n");
/// ```
pub fn encode_command(command: &Command<'_>, buf: &mut impl BufMut) -> Result<(), EncodeError> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(command.verb().as_bytes());
    match command {
        Command::Hello { domain, .. } => {
            out.push(b' ');
            put_domain(domain, &mut out)?;
        }
        Command::Mail { from, params } => {
            out.extend_from_slice(b" FROM:<");
            if let ReversePath::Mailbox(m) = from {
                put_mailbox(m, &mut out)?;
            }
            out.push(b'>');
            put_mail_params(params, &mut out)?;
        }
        Command::Rcpt { to, params } => {
            out.extend_from_slice(b" TO:<");
            match to {
                ForwardPath::Postmaster => out.extend_from_slice(b"Postmaster"),
                ForwardPath::Mailbox(m) => put_mailbox(m, &mut out)?,
            }
            out.push(b'>');
            put_rcpt_params(params, &mut out)?;
        }
        Command::Data | Command::Rset | Command::Quit | Command::StartTls => {}
        Command::Bdat { size, last } => {
            out.extend_from_slice(format!(" {size}").as_bytes());
            if *last {
                out.extend_from_slice(b" LAST");
            }
        }
        Command::Vrfy(s) | Command::Expn(s) | Command::Etrn(s) => {
            put_text("argument", s, &mut out)?
        }
        Command::Help(s) | Command::Noop(s) => {
            if let Some(s) = s {
                put_text("argument", s, &mut out)?;
            }
        }
        Command::Auth {
            mechanism,
            initial_response,
        } => {
            out.push(b' ');
            out.extend_from_slice(mechanism.as_str().as_bytes());
            if let Some(ir) = initial_response {
                let ok = mail_proto_core::sasl::is_initial_response(ir);
                if !ok {
                    return Err(invalid("initial response", "not base64"));
                }
                out.push(b' ');
                out.extend_from_slice(ir.as_bytes());
            }
        }
        Command::Unknown { verb, args } => {
            if verb.is_empty() || !verb.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(invalid("verb", "not printable ASCII"));
            }
            if let Some(a) = args {
                check_line("argument", a)?;
                out.push(b' ');
                out.extend_from_slice(a.as_bytes());
            }
        }
    }
    out.extend_from_slice(b"\r\n");
    buf.put_slice(&out);
    Ok(())
}
