//! SMTP replay: `smtp_proto`'s client and server machines against a transcript.

use std::borrow::Cow;

use bytes::Bytes;
use smtp_proto::client::{self, Client, ClientConfig, Envelope};
use smtp_proto::server::{self, Decision, Server, ServerConfig};
use smtp_proto::{
    Capabilities, Command, Credentials, Decoded, Domain, EhloResponse, HelloKind, Reply,
    parse_command, parse_reply,
};

use super::{Clock, Line, ReplayError, Side, disagree, sasl_credentials, show, take_lines};

/// Most loop rounds of one replay: far more than any transcript needs.
const MAX_ROUNDS: usize = 100_000;

/// One step of an SMTP transcript: a client line or a whole (multi-line) reply.
#[derive(Debug)]
enum Step {
    C(Line),
    S(ReplyStep),
}

#[derive(Debug)]
struct ReplyStep {
    /// The first line's number.
    no: usize,
    /// The reply's bytes, CRLF after every line.
    bytes: Vec<u8>,
    reply: Reply<'static>,
}

impl Step {
    fn no(&self) -> usize {
        match self {
            Step::C(l) => l.no,
            Step::S(r) => r.no,
        }
    }

    fn side(&self) -> Side {
        match self {
            Step::C(_) => Side::Client,
            Step::S(_) => Side::Server,
        }
    }

    fn describe(&self) -> String {
        match self {
            Step::C(l) => format!("C: {}", l.text),
            Step::S(r) => format!("S: {}", show(&r.bytes)),
        }
    }
}

/// Groups the lines into client lines and whole replies.
fn steps(lines: &[Line]) -> Result<Vec<Step>, ReplayError> {
    let mut steps = Vec::new();
    let mut reply: Option<(usize, Vec<u8>)> = None;
    for line in lines {
        if line.side == Side::Client {
            if let Some((no, _)) = reply {
                return Err(ReplayError::Usage(format!(
                    "line {no}: a multi-line reply is not finished before line {}",
                    line.no
                )));
            }
            steps.push(Step::C(line.clone()));
            continue;
        }
        let (no, mut bytes) = reply.take().unwrap_or((line.no, Vec::new()));
        bytes.extend_from_slice(line.text.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        if line.text.as_bytes().get(3) == Some(&b'-') {
            reply = Some((no, bytes));
            continue;
        }
        let parsed = match parse_reply(&bytes) {
            Decoded::Complete { value, consumed } if consumed == bytes.len() => value.into_owned(),
            _ => {
                return Err(ReplayError::Usage(format!(
                    "line {no}: not an SMTP reply: {}",
                    show(&bytes)
                )));
            }
        };
        steps.push(Step::S(ReplyStep {
            no,
            bytes,
            reply: parsed,
        }));
    }
    if let Some((no, _)) = reply {
        return Err(ReplayError::Usage(format!(
            "line {no}: the transcript ends inside a multi-line reply"
        )));
    }
    Ok(steps)
}

/// A client line parsed as a command (`None` for body lines and anything else).
fn command(text: &str) -> Option<Command<'static>> {
    let line = format!("{text}\r\n");
    match parse_command(line.as_bytes()) {
        Decoded::Complete { value, .. } => Some(value.into_owned()),
        _ => None,
    }
}

/// Both machines' settings, taken from the transcript: the server's greeting and
/// EHLO capabilities, the client's hello name.
fn configs(steps: &[Step]) -> Result<(ClientConfig, ServerConfig), ReplayError> {
    let greeting = match steps.first() {
        Some(Step::S(r)) => r.reply.lines().first().cloned().unwrap_or_default(),
        _ => {
            return Err(ReplayError::Usage(
                "an SMTP transcript starts with the server's greeting".into(),
            ));
        }
    };
    let (host, text) = greeting.split_once(' ').unwrap_or((&greeting, ""));
    let bad = |e: smtp_proto::InvalidValue| ReplayError::Usage(format!("the greeting: {e}"));
    let text = smtp_proto::ReplyText::new(text.to_string()).map_err(bad)?;
    let mut server = ServerConfig::new(host).map_err(bad)?.with_greeting(text);
    server.capabilities = Capabilities::default();
    let mut hello = None;
    let mut tls_seen = false;
    for (i, step) in steps.iter().enumerate() {
        let Step::C(line) = step else { continue };
        match command(&line.text) {
            Some(Command::Hello { kind, domain }) => {
                if hello.is_none() {
                    hello = Some((kind, domain));
                }
                let answer = steps[i + 1..].iter().find_map(|s| match s {
                    Step::S(r) => Some(&r.reply),
                    Step::C(_) => None,
                });
                if let Some(reply) = answer.filter(|r| r.code().get() == 250) {
                    if kind != HelloKind::Helo {
                        let ehlo = EhloResponse::from_reply(reply).map_err(|e| {
                            ReplayError::Usage(format!("line {}: EHLO reply: {e}", line.no))
                        })?;
                        if !tls_seen && !ehlo.capabilities.auth.is_empty() {
                            server.allow_auth_without_tls = true;
                        }
                        merge(&mut server.capabilities, ehlo.capabilities);
                    }
                }
            }
            Some(Command::StartTls) => tls_seen = true,
            _ => {}
        }
    }
    if let Some(Some(max)) = server.capabilities.size {
        server.max_message_size = Some(max);
    }
    let (kind, domain) = hello.unwrap_or((
        HelloKind::Ehlo,
        Domain::name("localhost").map_err(|e| ReplayError::Usage(e.to_string()))?,
    ));
    let mut client = ClientConfig::new(domain);
    client.helo = kind == HelloKind::Helo;
    client.lmtp = kind == HelloKind::Lhlo;
    server.lmtp = client.lmtp;
    client.prefer_bdat = steps
        .iter()
        .any(|s| matches!(s, Step::C(l) if matches!(command(&l.text), Some(Command::Bdat { .. }))));
    Ok((client, server))
}

/// Adds what `more` announces to `caps` (an EHLO after STARTTLS may offer more).
fn merge(caps: &mut Capabilities, more: Capabilities) {
    caps.size = caps.size.or(more.size);
    caps.pipelining |= more.pipelining;
    caps.eight_bit_mime |= more.eight_bit_mime;
    caps.binary_mime |= more.binary_mime;
    caps.chunking |= more.chunking;
    caps.smtputf8 |= more.smtputf8;
    caps.dsn |= more.dsn;
    caps.enhanced_status_codes |= more.enhanced_status_codes;
    caps.starttls |= more.starttls;
    caps.requiretls |= more.requiretls;
    for m in more.auth {
        if !caps.auth.contains(&m) {
            caps.auth.push(m);
        }
    }
    caps.deliver_by = caps.deliver_by.take().or(more.deliver_by);
    caps.mt_priority = caps.mt_priority.take().or(more.mt_priority);
    caps.future_release = caps.future_release.take().or(more.future_release);
    for o in more.other {
        if !caps.other.contains(&o) {
            caps.other.push(o);
        }
    }
}

/// Replays SMTP transcript lines.
pub(super) fn replay(lines: &[Line], log: &mut dyn FnMut(&str)) -> Result<(), ReplayError> {
    let steps = steps(lines)?;
    let (client_config, server_config) = configs(&steps)?;
    let clock = Clock::new();
    let mut r = Replayer {
        client: Client::new(client_config, clock.now()),
        server: Server::new(server_config, clock.now()),
        clock,
        steps,
        c_from: 0,
        s_from: 0,
        client_out: Vec::new(),
        server_out: Vec::new(),
        log,
    };
    r.run()
}

struct Replayer<'a> {
    client: Client,
    server: Server,
    clock: Clock,
    steps: Vec<Step>,
    /// Client lines before this index have been matched.
    c_from: usize,
    /// Replies before this index have been matched.
    s_from: usize,
    client_out: Vec<u8>,
    server_out: Vec<u8>,
    log: &'a mut dyn FnMut(&str),
}

impl Replayer<'_> {
    fn say(&mut self, line: String) {
        (self.log)(&line);
    }

    /// The index of the next unmatched step of `side`.
    fn next(&self, side: Side) -> Option<usize> {
        let from = match side {
            Side::Client => self.c_from,
            Side::Server => self.s_from,
        };
        (from..self.steps.len()).find(|&i| self.steps[i].side() == side)
    }

    fn last_no(&self) -> usize {
        self.steps.last().map_or(0, Step::no)
    }

    fn run(&mut self) -> Result<(), ReplayError> {
        for _ in 0..MAX_ROUNDS {
            let progress = self.pump()?;
            if !progress && !self.drive()? {
                return self.finish();
            }
        }
        Err(disagree(
            self.last_no(),
            "the end of the transcript",
            "no end after many rounds",
        ))
    }

    /// Moves bytes and events between the machines; false when nothing moved.
    fn pump(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        let now = self.clock.tick();
        while let Some(bytes) = self.client.poll_transmit(now) {
            progress = true;
            self.client_out.extend_from_slice(&bytes);
            self.match_client_lines()?;
            self.server.handle_input(now, &bytes);
        }
        progress |= self.try_answer()?;
        while let Some(event) = self.server.poll_event() {
            progress = true;
            self.server_event(event)?;
        }
        progress |= self.flush_server()?;
        progress |= self.client_events()?;
        Ok(progress)
    }

    fn match_client_lines(&mut self) -> Result<(), ReplayError> {
        for line in take_lines(&mut self.client_out) {
            let got = String::from_utf8_lossy(&line).into_owned();
            let Some(i) = self.next(Side::Client) else {
                return Err(disagree(
                    self.last_no(),
                    "nothing more from the client",
                    format!("C: {got}"),
                ));
            };
            let Step::C(want) = &self.steps[i] else {
                unreachable!("next(Client) is a client line")
            };
            if want.text != got {
                return Err(disagree(
                    want.no,
                    format!("C: {}", want.text),
                    format!("C: {got}"),
                ));
            }
            if let Some(s) = self.next(Side::Server).filter(|&s| s < i) {
                return Err(disagree(
                    self.steps[s].no(),
                    format!("{} before line {}", self.steps[s].describe(), want.no),
                    format!("the client sent C: {got} without waiting for it"),
                ));
            }
            self.c_from = i + 1;
            self.say(format!("C> {got}"));
        }
        Ok(())
    }

    /// Matches what the server machine sent with the transcript's replies and feeds
    /// the transcript's bytes to the client.
    fn flush_server(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        while let Some(bytes) = self.server.poll_transmit(self.clock.now()) {
            self.server_out.extend_from_slice(&bytes);
        }
        loop {
            let (own, consumed) = match parse_reply(&self.server_out) {
                Decoded::Complete { value, consumed } => (value.into_owned(), consumed),
                Decoded::Incomplete | Decoded::LiteralAnnounced(_) => return Ok(progress),
                Decoded::Failed(e) => {
                    return Err(disagree(self.last_no(), "an SMTP reply", format!("{e}")));
                }
            };
            progress = true;
            let sent: Vec<u8> = self.server_out.drain(..consumed).collect();
            let Some(j) = self.next(Side::Server) else {
                return Err(disagree(
                    self.last_no(),
                    "no more replies (the transcript ends)",
                    format!("S: {}", show(&sent)),
                ));
            };
            if let Some(c) = self.next(Side::Client).filter(|&c| c < j) {
                return Err(disagree(
                    self.steps[c].no(),
                    self.steps[c].describe(),
                    format!("the server said S: {} before it", show(&sent)),
                ));
            }
            let Step::S(want) = &self.steps[j] else {
                unreachable!("next(Server) is a reply")
            };
            let line = if want.bytes == sent {
                format!("S> {}", show(&sent))
            } else if want.reply.code() == own.code()
                && (want.reply.enhanced().is_none() || want.reply.enhanced() == own.enhanced())
            {
                format!(
                    "S> {} (the server machine's own text: {})",
                    show(&want.bytes),
                    show(&sent)
                )
            } else {
                return Err(disagree(
                    want.no,
                    format!("S: {}", show(&want.bytes)),
                    format!("S: {}", show(&sent)),
                ));
            };
            let (no, wire) = (want.no, want.bytes.clone());
            self.s_from = j + 1;
            self.say(line);
            self.client
                .handle_input(self.clock.now(), &wire)
                .map_err(|e| disagree(no, "the client takes the reply", format!("{e}")))?;
            self.client_events()?;
        }
    }

    /// The reply most recently fed to the client.
    fn last_reply(&self) -> Option<(usize, &Reply<'static>)> {
        self.steps[..self.s_from]
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::S(r) => Some((r.no, &r.reply)),
                Step::C(_) => None,
            })
    }

    fn client_events(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        while let Some(event) = self.client.poll_event() {
            progress = true;
            let no = self.last_reply().map_or(0, |(no, _)| no);
            let event = event.map_err(|e| {
                disagree(
                    no,
                    "the client machine accepts the reply",
                    format!("client error: {e}"),
                )
            })?;
            self.say(format!("client event: {}", client_event(&event)));
            if let Some(carried) = carried_reply(&event) {
                if let Some((no, fed)) = self.last_reply() {
                    if carried.code() != fed.code() {
                        return Err(disagree(
                            no,
                            format!("an event for {fed}"),
                            format!("client event for {carried}"),
                        ));
                    }
                }
            }
            if let client::Event::TlsUpgrade = event {
                // the replay has no TLS: both sides go on in the clear
                self.client
                    .tls_established()
                    .map_err(|e| disagree(no, "the TLS upgrade", format!("{e}")))?;
            }
        }
        Ok(progress)
    }

    fn server_event(&mut self, event: server::Event) -> Result<(), ReplayError> {
        self.say(format!("server event: {}", server_event(&event)));
        if let server::Event::Decision(_) = event {
            // the replies queued before the decision come first
            self.flush_server()?;
            self.try_answer()?;
        }
        Ok(())
    }

    /// Answers what the server waits for, unless the transcript shows client lines
    /// before the answer (a pipelined QUIT after the dot): then it waits for them.
    fn try_answer(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        while self.server.pending().is_some() {
            let j = self.next(Side::Server);
            if j.is_some_and(|j| self.next(Side::Client).is_some_and(|c| c < j)) {
                break;
            }
            self.answer()?;
            self.flush_server()?;
            progress = true;
        }
        Ok(progress)
    }

    /// Answers the server's pending decision with the transcript's next reply.
    fn answer(&mut self) -> Result<(), ReplayError> {
        let awaiting = self.server.pending();
        let Some(j) = self.next(Side::Server) else {
            return Err(disagree(
                self.last_no(),
                "the end of the transcript",
                format!(
                    "the server machine waits for an answer ({awaiting:?}) and the transcript has no reply"
                ),
            ));
        };
        let Step::S(want) = &self.steps[j] else {
            unreachable!("next(Server) is a reply")
        };
        let (no, reply, shown) = (want.no, want.reply.clone(), show(&want.bytes));
        self.server.respond(reply).map_err(|e| {
            disagree(
                no,
                format!("S: {shown}"),
                format!("the server machine cannot say it: {e}"),
            )
        })
    }

    /// Makes the client API call that produces the next client line; false when
    /// there is nothing to do.
    fn drive(&mut self) -> Result<bool, ReplayError> {
        let Some(i) = self.next(Side::Client) else {
            return Ok(false);
        };
        let Step::C(line) = &self.steps[i] else {
            unreachable!("next(Client) is a client line")
        };
        let (no, text) = (line.no, line.text.clone());
        let waiting = self.next(Side::Server).is_some_and(|s| s < i);
        // QUIT may be asked for while replies are awaited (it follows the dot
        // under PIPELINING); every other call needs a ready client
        let quit = matches!(command(&text), Some(Command::Quit));
        if waiting || !(quit || self.client.is_ready()) {
            return Ok(false);
        }
        let refused = |what: &str, e: smtp_proto::ConnectionError| {
            disagree(
                no,
                format!("C: {text}"),
                format!("the client refuses {what}: {e}"),
            )
        };
        match command(&text) {
            Some(Command::Mail { from, params }) => {
                let (envelope, body) = self.transaction(i, from, params)?;
                self.say(format!(
                    "client call: send_mail ({} recipients{})",
                    envelope.recipients.len(),
                    if envelope.all_or_nothing {
                        ", all or nothing"
                    } else {
                        ""
                    }
                ));
                self.client
                    .send_mail(envelope)
                    .map_err(|e| refused("send_mail", e))?;
                for chunk in body {
                    self.client
                        .send_body(chunk)
                        .map_err(|e| refused("send_body", e))?;
                }
                self.client
                    .finish_body()
                    .map_err(|e| refused("finish_body", e))?;
            }
            Some(Command::Vrfy(name)) => {
                self.say("client call: verify".into());
                self.client.verify(name).map_err(|e| refused("verify", e))?;
            }
            Some(Command::Expn(list)) => {
                self.say("client call: expand".into());
                self.client.expand(list).map_err(|e| refused("expand", e))?;
            }
            Some(Command::Help(topic)) => {
                self.say("client call: help".into());
                self.client.help(topic).map_err(|e| refused("help", e))?;
            }
            Some(Command::Noop(None)) => {
                self.say("client call: noop".into());
                self.client.noop().map_err(|e| refused("noop", e))?;
            }
            Some(Command::Rset) => {
                self.say("client call: reset".into());
                self.client.reset().map_err(|e| refused("reset", e))?;
            }
            Some(Command::Quit) => {
                self.say("client call: quit".into());
                self.client.quit().map_err(|e| refused("quit", e))?;
            }
            Some(Command::StartTls) => {
                self.say("client call: start_tls".into());
                self.client
                    .start_tls()
                    .map_err(|e| refused("start_tls", e))?;
            }
            Some(Command::Auth {
                mechanism,
                initial_response,
            }) => {
                let ir = initial_response.map(|ir| ir.as_str().to_string());
                let credentials = self.credentials(i, mechanism.as_str(), ir)?;
                self.say(format!("client call: authenticate {credentials:?}"));
                self.client
                    .authenticate(credentials)
                    .map_err(|e| refused("authenticate", e))?;
            }
            _ => {
                return Err(disagree(
                    no,
                    format!("C: {text}"),
                    "no client API call produces this line here",
                ));
            }
        }
        Ok(true)
    }

    /// The client lines after step `from`, skipping replies.
    fn client_lines_after(&self, from: usize) -> impl Iterator<Item = &Line> {
        self.steps[from + 1..].iter().filter_map(|s| match s {
            Step::C(l) => Some(l),
            Step::S(_) => None,
        })
    }

    /// The envelope and body of the transaction whose MAIL is step `i`: the RCPTs
    /// after it, then DATA and the body up to the dot, or the BDAT chunks.
    fn transaction(
        &self,
        i: usize,
        from: smtp_proto::ReversePath<'static>,
        params: smtp_proto::MailParams<'static>,
    ) -> Result<(Envelope, Vec<Bytes>), ReplayError> {
        let mut envelope = Envelope::new(from).params(params);
        let mut lines = self.client_lines_after(i).peekable();
        while let Some(Command::Rcpt { to, params }) = lines.peek().and_then(|l| command(&l.text)) {
            envelope = envelope.rcpt(to, params);
            lines.next();
        }
        let mut body = Vec::new();
        match lines.next().map(|l| (l, command(&l.text))) {
            // RSET right after the RCPTs: the client gave the transaction up after a
            // refused recipient (RFC 5321 D.2), what `Envelope::all_or_nothing` does
            Some((_, Some(Command::Rset))) => Ok((envelope.all_or_nothing(), body)),
            Some((_, Some(Command::Data))) => {
                // a body only where a dot ends it: DATA may be refused, and what
                // follows is then the next command
                let rest: Vec<&Line> = lines.collect();
                let Some(end) = rest.iter().position(|l| l.text == ".") else {
                    return Ok((envelope, body));
                };
                let mut text = Vec::new();
                for line in &rest[..end] {
                    let unstuffed = line.text.strip_prefix('.').unwrap_or(&line.text);
                    text.extend_from_slice(unstuffed.as_bytes());
                    text.extend_from_slice(b"\r\n");
                }
                body.push(Bytes::from(text));
                Ok((envelope, body))
            }
            Some((first, Some(Command::Bdat { .. }))) => {
                let mut bdat = Some(first);
                while let Some(line) = bdat.take() {
                    let Some(Command::Bdat { size, last }) = command(&line.text) else {
                        return Err(disagree(line.no, "BDAT", line.text.clone()));
                    };
                    let mut chunk = Vec::new();
                    while (chunk.len() as u64) < size {
                        let Some(l) = lines.next() else { break };
                        chunk.extend_from_slice(l.text.as_bytes());
                        chunk.extend_from_slice(b"\r\n");
                    }
                    if chunk.len() as u64 != size {
                        return Err(ReplayError::Usage(format!(
                            "line {}: the BDAT chunk is not {size} octets of whole lines",
                            line.no
                        )));
                    }
                    body.push(Bytes::from(chunk));
                    if !last {
                        bdat = lines.next();
                    }
                }
                Ok((envelope, body))
            }
            // no DATA: the client would send it; the transcript shows what happens
            _ => Ok((envelope, body)),
        }
    }

    /// Credentials that make the client send what the transcript shows for AUTH.
    fn credentials(
        &self,
        i: usize,
        mechanism: &str,
        initial_response: Option<String>,
    ) -> Result<Credentials, ReplayError> {
        let after = self.client_lines_after(i).map(|l| l.text.clone());
        sasl_credentials(self.steps[i].no(), mechanism, initial_response, after)
    }

    /// Everything in the transcript was said, and nothing else.
    fn finish(&mut self) -> Result<(), ReplayError> {
        if let Some(i) = self.next(Side::Client) {
            let why = if self.client.is_ready() {
                "the client machine sent nothing more"
            } else {
                "the client machine is not ready for a command here"
            };
            return Err(disagree(self.steps[i].no(), self.steps[i].describe(), why));
        }
        if let Some(j) = self.next(Side::Server) {
            return Err(disagree(
                self.steps[j].no(),
                self.steps[j].describe(),
                "the server machine said nothing more",
            ));
        }
        if !self.client_out.is_empty() {
            return Err(disagree(
                self.last_no(),
                "nothing more from the client",
                format!("C: {}", show(&self.client_out)),
            ));
        }
        if !self.server_out.is_empty() {
            return Err(disagree(
                self.last_no(),
                "nothing more from the server",
                format!("S: {}", show(&self.server_out)),
            ));
        }
        let quit = self
            .last_reply()
            .is_some_and(|(_, r)| r.code().get() == 221);
        if quit && !(self.client.is_closed() && self.server.is_closed()) {
            return Err(disagree(
                self.last_no(),
                "both machines closed after 221",
                format!(
                    "client closed: {}, server closed: {}",
                    self.client.is_closed(),
                    self.server.is_closed()
                ),
            ));
        }
        self.say(format!(
            "ok: both machines agree with all {} steps",
            self.steps.len()
        ));
        Ok(())
    }
}

/// The reply a client event reports, if any.
fn carried_reply(event: &client::Event) -> Option<&Reply<'static>> {
    use client::Event as E;
    match event {
        E::Greeting(r)
        | E::TlsRefused(r)
        | E::Authenticated(r)
        | E::AuthFailed(r)
        | E::MailRejected(r)
        | E::Reset(r)
        | E::Replied { reply: r, .. }
        | E::Rejected(r) => Some(r),
        E::Recipient { reply, .. } | E::MessageResult { reply, .. } => Some(reply),
        E::TransactionFailed(r) => r.as_ref(),
        _ => None,
    }
}

fn client_event(event: &client::Event) -> String {
    use client::Event as E;
    match event {
        E::Greeting(r) => format!("Greeting {r}"),
        E::Ready(ehlo) => format!(
            "Ready {} {:?}",
            ehlo.domain,
            capability_names(&ehlo.capabilities)
        ),
        E::TlsUpgrade => "TlsUpgrade (the replay goes on in the clear)".into(),
        E::TlsRefused(r) => format!("TlsRefused {r}"),
        E::Authenticated(r) => format!("Authenticated {r}"),
        E::AuthFailed(r) => format!("AuthFailed {r}"),
        E::MailRejected(r) => format!("MailRejected {r}"),
        E::Recipient { index, reply } => format!("Recipient {index} {reply}"),
        E::MessageResult { recipient, reply } => match recipient {
            Some(i) => format!("MessageResult recipient {i} {reply}"),
            None => format!("MessageResult {reply}"),
        },
        E::TransactionFailed(Some(r)) => format!("TransactionFailed {r}"),
        E::TransactionFailed(None) => "TransactionFailed".into(),
        E::Reset(r) => format!("Reset {r}"),
        E::Replied { command, reply } => format!("Replied to {command}: {reply}"),
        E::Rejected(r) => format!("Rejected {r}"),
        E::Closed => "Closed".into(),
        other => format!("{other:?}"),
    }
}

fn capability_names(caps: &Capabilities) -> Vec<Cow<'static, str>> {
    caps.to_lines()
}

fn server_event(event: &server::Event) -> String {
    use server::Event as E;
    match event {
        E::Decision(d) => match d {
            Decision::Hello { kind, domain } => format!("Decision {kind:?} {domain}"),
            Decision::Mail { from, .. } => format!("Decision Mail from {from}"),
            Decision::Rcpt { to, .. } => format!("Decision Rcpt to {to}"),
            Decision::MessageEnd { size, replies } => {
                format!("Decision MessageEnd {size} octets, {replies} replies")
            }
            Decision::Authenticate { credentials } => {
                format!("Decision Authenticate {credentials:?}")
            }
            Decision::StartTls => "Decision StartTls".into(),
            Decision::Command(c) => format!("Decision Command {}", c.verb()),
            other => format!("Decision {other:?}"),
        },
        E::MessageStart { transfer } => format!("MessageStart {transfer:?}"),
        E::BodyChunk(b) => format!("BodyChunk {} octets", b.len()),
        E::Rejected { reply, .. } => format!("Rejected {reply}"),
        E::TlsUpgrade { discarded } => {
            format!("TlsUpgrade ({discarded} octets discarded; the replay goes on in the clear)")
        }
        other => format!("{other:?}"),
    }
}
