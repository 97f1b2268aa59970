//! Command lines, strict RFC 5321 form.

use bytes::BufMut;

use crate::types::{
    Body, ByMode, Command, ForwardPath, MailParams, Mailbox, Param, RcptParams, Ret, ReversePath,
    RrvsAction, xtext_encode,
};

fn put_mailbox(m: &Mailbox<'_>, out: &mut impl BufMut) {
    out.put_slice(m.local_part().as_bytes());
    out.put_u8(b'@');
    out.put_slice(m.domain().to_string().as_bytes());
}

fn put_param(p: &Param<'_>, out: &mut impl BufMut) {
    out.put_u8(b' ');
    out.put_slice(p.keyword().as_bytes());
    if let Some(v) = p.value() {
        out.put_u8(b'=');
        out.put_slice(v.as_bytes());
    }
}

fn put_number(keyword: &str, n: impl std::fmt::Display, out: &mut impl BufMut) {
    out.put_slice(format!(" {keyword}={n}").as_bytes());
}

fn put_mail_params(p: &MailParams<'_>, out: &mut impl BufMut) {
    if let Some(size) = p.size {
        put_number("SIZE", size, out);
    }
    if let Some(body) = p.body {
        out.put_slice(match body {
            Body::SevenBit => b" BODY=7BIT".as_slice(),
            Body::EightBitMime => b" BODY=8BITMIME",
            Body::BinaryMime => b" BODY=BINARYMIME",
        });
    }
    if p.smtputf8 {
        out.put_slice(b" SMTPUTF8");
    }
    if let Some(ret) = p.ret {
        out.put_slice(match ret {
            Ret::Full => b" RET=FULL",
            Ret::Headers => b" RET=HDRS",
        });
    }
    if let Some(envid) = &p.envid {
        out.put_slice(b" ENVID=");
        xtext_encode(envid.as_str(), out);
    }
    match p.auth() {
        Some(None) => out.put_slice(b" AUTH=<>"),
        Some(Some(m)) => {
            out.put_slice(b" AUTH=");
            xtext_encode(&m.to_string(), out);
        }
        None => {}
    }
    if p.requiretls {
        out.put_slice(b" REQUIRETLS");
    }
    if let Some(prio) = p.mt_priority() {
        put_number("MT-PRIORITY", prio.get(), out);
    }
    if let Some(h) = p.hold_for() {
        put_number("HOLDFOR", h.get(), out);
    }
    if let Some(h) = p.hold_until() {
        put_number("HOLDUNTIL", h.as_str(), out);
    }
    if let Some(by) = p.by() {
        let mode = if by.mode() == ByMode::Notify {
            'N'
        } else {
            'R'
        };
        let trace = if by.trace() { "T" } else { "" };
        out.put_slice(format!(" BY={};{mode}{trace}", by.time()).as_bytes());
    }
    for o in p.other() {
        put_param(o, out);
    }
}

fn put_rcpt_params(p: &RcptParams<'_>, out: &mut impl BufMut) {
    if let Some(n) = p.notify {
        out.put_slice(b" NOTIFY=");
        if n.is_never() {
            out.put_slice(b"NEVER");
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
            out.put_slice(list.join(",").as_bytes());
        }
    }
    if let Some(o) = &p.orcpt {
        out.put_slice(b" ORCPT=");
        out.put_slice(o.addr_type().as_bytes());
        out.put_u8(b';');
        xtext_encode(o.addr(), out);
    }
    if let Some(r) = p.rrvs() {
        out.put_slice(b" RRVS=");
        out.put_slice(r.time().as_bytes());
        match r.action() {
            Some(RrvsAction::Continue) => out.put_slice(b";C"),
            Some(RrvsAction::Reject) => out.put_slice(b";R"),
            None => {}
        }
    }
    for o in p.other() {
        put_param(o, out);
    }
}

fn put_text(text: &str, out: &mut impl BufMut) {
    out.put_u8(b' ');
    out.put_slice(text.as_bytes());
}

/// Appends `command` and its `CRLF` to `buf`. Every part of a [`Command`] is
/// validated when built, so this cannot fail.
///
/// ```
/// use smtp_proto::{encode_command, Command, Text};
/// let mut out = Vec::new();
/// encode_command(&Command::Vrfy(Text::new("Smith").unwrap()), &mut out);
/// assert_eq!(out, b"VRFY Smith\r\n");
/// assert!(Text::new("a\r\nRSET").is_err());
/// ```
pub fn encode_command(command: &Command<'_>, buf: &mut impl BufMut) {
    buf.put_slice(command.verb().as_bytes());
    match command {
        Command::Hello { domain, .. } => {
            let name = domain.to_string();
            // a tolerated empty HELO name reads back from the bare verb
            if !name.is_empty() {
                put_text(&name, buf);
            }
        }
        Command::Mail { from, params } => {
            buf.put_slice(b" FROM:<");
            if let ReversePath::Mailbox(m) = from {
                put_mailbox(m, buf);
            }
            buf.put_u8(b'>');
            put_mail_params(params, buf);
        }
        Command::Rcpt { to, params } => {
            buf.put_slice(b" TO:<");
            match to {
                ForwardPath::Postmaster => buf.put_slice(b"Postmaster"),
                ForwardPath::Mailbox(m) => put_mailbox(m, buf),
            }
            buf.put_u8(b'>');
            put_rcpt_params(params, buf);
        }
        Command::Data | Command::Rset | Command::Quit | Command::StartTls => {}
        Command::Bdat { size, last } => {
            buf.put_slice(format!(" {size}").as_bytes());
            if *last {
                buf.put_slice(b" LAST");
            }
        }
        Command::Vrfy(s) | Command::Expn(s) | Command::Etrn(s) => put_text(s, buf),
        Command::Help(s) | Command::Noop(s) => {
            if let Some(s) = s {
                put_text(s, buf);
            }
        }
        Command::Auth {
            mechanism,
            initial_response,
        } => {
            // a `Mechanism` name is checked when it is made (RFC 4422 §3.1)
            buf.put_u8(b' ');
            buf.put_slice(mechanism.as_str().as_bytes());
            if let Some(ir) = initial_response {
                put_text(ir, buf);
            }
        }
        Command::Unknown(u) => {
            if let Some(a) = u.args() {
                put_text(a, buf);
            }
        }
    }
    buf.put_slice(b"\r\n");
}
