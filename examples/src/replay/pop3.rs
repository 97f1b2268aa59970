//! POP3 replay: `pop3_proto`'s client and server machines against a transcript.
//!
//! Server lines are matched one by one: a status line the server machine writes
//! itself (`+OK` to USER, DELE, RETR, a login, STAT's and LIST's counts come from the
//! maildrop) must have the transcript's status, and the answer to STAT, `LIST n` or
//! `UIDL n` its numbers and id too (data the client believes, not free text); every
//! other line must be exact. The
//! maildrop (message sizes) is taken from the transcript's LIST (or STAT) answers;
//! APOP needs the shared secret, given as a `# secret: ...` line. The server announces
//! the capabilities of the transcript's CAPA answers (PIPELINING always, then SASL and
//! STLS after the rest: the machine's own order), and AUTH's credentials are read
//! back from the transcript's PLAIN, LOGIN or EXTERNAL lines.

use pop3_proto::Decoded;
use pop3_proto::client::{self, Client, ClientConfig};
use pop3_proto::parse::parse_capability;
use pop3_proto::server::{self, Awaiting, Decision, Maildrop, Server, ServerConfig};
use pop3_proto::{
    Capabilities, Capability, Command, MessageNumber, Response, Text, Timestamp, parse_command,
    parse_response,
};

use super::{Clock, Line, ReplayError, Side, disagree, sasl_credentials, take_lines};
use pop3_proto::Secret;

/// Most loop rounds of one replay.
const MAX_ROUNDS: usize = 100_000;

fn command(text: &str) -> Option<Command<'static>> {
    let line = format!("{text}\r\n");
    match parse_command(line.as_bytes()) {
        Decoded::Complete { value, .. } => Some(value.into_owned()),
        _ => None,
    }
}

fn response(text: &str) -> Option<Response<'static>> {
    let line = format!("{text}\r\n");
    match parse_response(line.as_bytes()) {
        Decoded::Complete { value, .. } => Some(value.into_owned()),
        _ => None,
    }
}

/// `+OK` or `-ERR` at the start of a line.
fn status(text: &str) -> Option<bool> {
    if text.starts_with("+OK") {
        Some(true)
    } else if text.starts_with("-ERR") {
        Some(false)
    } else {
        None
    }
}

/// How many words after `+OK` of the answer to `command` are data (STAT's count and
/// size, a LIST n's number and size, a UIDL n's number and id); 0 for free text.
fn data_fields(command: &str) -> usize {
    let mut words = command.split_ascii_whitespace();
    let verb = words.next().unwrap_or("").to_ascii_uppercase();
    match (verb.as_str(), words.next()) {
        ("STAT", _) | ("LIST" | "UIDL", Some(_)) => 2,
        _ => 0,
    }
}

/// The first `n` words after the status of a response line.
fn leading(line: &str, n: usize) -> Vec<&str> {
    line.split_ascii_whitespace().skip(1).take(n).collect()
}

/// The maildrop's message sizes: from a LIST listing, else from STAT, else as many
/// empty messages as the highest message number used.
fn maildrop(lines: &[Line]) -> Vec<u64> {
    let mut sizes: Vec<u64> = Vec::new();
    let mut in_list = false;
    let mut stat = None;
    let mut highest = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.side == Side::Client {
            let cmd = command(&line.text);
            in_list = matches!(cmd, Some(Command::List(None)));
            if let Some(Command::Retr(m) | Command::Dele(m) | Command::List(Some(m))) = cmd {
                highest = highest.max(m.get() as usize);
            }
            if matches!(cmd, Some(Command::Stat)) {
                let answer = lines.get(i + 1).map(|l| l.text.as_str()).unwrap_or("");
                let mut words = answer.split(' ').skip(1);
                let count = words.next().and_then(|w| w.parse::<usize>().ok());
                let total = words.next().and_then(|w| w.parse::<u64>().ok());
                if stat.is_none() {
                    stat = count.zip(total);
                }
            }
            continue;
        }
        if in_list && status(&line.text).is_none() && line.text != "." {
            let mut words = line.text.split(' ');
            let n = words.next().and_then(|w| w.parse::<usize>().ok());
            let size = words.next().and_then(|w| w.parse::<u64>().ok());
            if let (Some(n), Some(size)) = (n, size) {
                if sizes.len() < n {
                    sizes.resize(n, 0);
                }
                sizes[n - 1] = size;
            }
        }
    }
    if sizes.is_empty() {
        if let Some((count, total)) = stat.filter(|(c, _)| *c > 0) {
            sizes = vec![0; count];
            sizes[0] = total;
        }
    }
    if sizes.len() < highest {
        sizes.resize(highest, 0);
    }
    sizes
}

/// The server's capabilities as the transcript's CAPA answers list them (nothing
/// changes without a CAPA answered `+OK`): the first answer gives the list, in order
/// (SASL and STLS stay in it as the places the machine writes its own values); STLS
/// and SASL also go to their own settings: STLS if any answer lists it, the SASL
/// mechanisms of the last answer (the one in force when AUTH follows, as after STLS).
fn announced(lines: &[Line], config: &mut ServerConfig) -> Result<(), ReplayError> {
    let mut first = true;
    for (at, _) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.side == Side::Client && matches!(command(&l.text), Some(Command::Capa)))
    {
        let mut answer = lines[at + 1..]
            .iter()
            .take_while(|l| l.side == Side::Server);
        if answer.next().and_then(|l| status(&l.text)) != Some(true) {
            continue;
        }
        let mut list = Vec::new();
        let mut sasl = Vec::new();
        for line in answer.take_while(|l| l.text != ".") {
            let capability = parse_capability(&line.text)
                .map_err(|e| disagree(line.no, "a capability line", format!("{e}")))?
                .into_owned();
            match &capability {
                Capability::Stls => config.stls = true,
                Capability::Sasl(mechanisms) => {
                    sasl = mechanisms.iter().cloned().map(Into::into).collect()
                }
                _ => {}
            }
            list.push(capability);
        }
        if std::mem::take(&mut first) {
            config.capabilities = Capabilities::new(list);
        }
        if sasl.contains(&pop3_proto::Mechanism::CramMd5) {
            // CRAM-MD5 is announced only with a challenge to send
            config.cram_md5_challenge =
                pop3_proto::server::CramMd5Challenge::new("<replay@localhost>").ok();
        }
        config.sasl = sasl;
    }
    Ok(())
}

/// Replays POP3 transcript lines; `secret` is the APOP secret, if given.
pub(super) fn replay(
    lines: &[Line],
    secret: Option<&str>,
    log: &mut dyn FnMut(&str),
) -> Result<(), ReplayError> {
    let greeting = match lines.first() {
        Some(l) if l.side == Side::Server => l.text.clone(),
        _ => {
            return Err(ReplayError::Usage(
                "a POP3 transcript starts with the server's greeting".into(),
            ));
        }
    };
    let mut server_config = ServerConfig::new().allow_login_without_tls();
    let text = greeting
        .strip_prefix("+OK")
        .unwrap_or(&greeting)
        .trim_start();
    let (text, stamp) = match (text.rfind(" <"), text.ends_with('>')) {
        (Some(at), true) => (&text[..at], Some(text[at + 1..].to_string())),
        _ => (text, None),
    };
    server_config.greeting = Text::new(text.to_string())
        .map_err(|e| ReplayError::Usage(format!("the greeting's text: {e}")))?;
    server_config.apop_timestamp = match stamp {
        Some(stamp) => Some(
            Timestamp::new(stamp)
                .map_err(|e| ReplayError::Usage(format!("the greeting's timestamp: {e}")))?,
        ),
        None => None,
    };
    announced(lines, &mut server_config)?;
    let mut client_config = ClientConfig::new();
    client_config.capa_on_connect = lines
        .iter()
        .find(|l| l.side == Side::Client)
        .is_some_and(|l| matches!(command(&l.text), Some(Command::Capa)));
    let clock = Clock::new();
    let mut r = Replayer {
        client: Client::new(client_config, clock.now()),
        server: Server::new(server_config, clock.now()),
        clock,
        lines: lines.to_vec(),
        maildrop: Some(Maildrop::new(maildrop(lines))),
        secret: secret.map(str::to_string),
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
    lines: Vec<Line>,
    maildrop: Option<Maildrop>,
    secret: Option<String>,
    c_from: usize,
    s_from: usize,
    client_out: Vec<u8>,
    server_out: Vec<u8>,
    log: &'a mut dyn FnMut(&str),
}

impl Replayer<'_> {
    fn say(&mut self, line: String) {
        (self.log)(&line);
    }

    fn next(&self, side: Side) -> Option<usize> {
        let from = match side {
            Side::Client => self.c_from,
            Side::Server => self.s_from,
        };
        (from..self.lines.len()).find(|&i| self.lines[i].side == side)
    }

    fn last_no(&self) -> usize {
        self.lines.last().map_or(0, |l| l.no)
    }

    fn describe(&self, i: usize) -> String {
        let l = &self.lines[i];
        match l.side {
            Side::Client => format!("C: {}", l.text),
            Side::Server => format!("S: {}", l.text),
        }
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

    fn pump(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        let now = self.clock.tick();
        while let Some(bytes) = self.client.poll_transmit(now) {
            progress = true;
            self.client_out.extend_from_slice(&bytes);
            self.match_client_lines()?;
            self.server.handle_input(now, &bytes);
        }
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
            if self.lines[i].text != got {
                return Err(disagree(
                    self.lines[i].no,
                    self.describe(i),
                    format!("C: {got}"),
                ));
            }
            if let Some(s) = self.next(Side::Server).filter(|&s| s < i) {
                return Err(disagree(
                    self.lines[s].no,
                    format!("{} before line {}", self.describe(s), self.lines[i].no),
                    format!("the client sent C: {got} without waiting for it"),
                ));
            }
            self.c_from = i + 1;
            self.say(format!("C> {got}"));
        }
        Ok(())
    }

    fn flush_server(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        while let Some(bytes) = self.server.poll_transmit(self.clock.now()) {
            self.server_out.extend_from_slice(&bytes);
        }
        for line in take_lines(&mut self.server_out) {
            progress = true;
            let got = String::from_utf8_lossy(&line).into_owned();
            let Some(j) = self.next(Side::Server) else {
                return Err(disagree(
                    self.last_no(),
                    "no more server lines (the transcript ends)",
                    format!("S: {got}"),
                ));
            };
            if let Some(c) = self.next(Side::Client).filter(|&c| c < j) {
                return Err(disagree(
                    self.lines[c].no,
                    self.describe(c),
                    format!("the server said S: {got} before it"),
                ));
            }
            let want = self.lines[j].text.clone();
            // the command this line answers: a STAT, LIST n or UIDL n answer is data
            // the client will believe, not free text, and must match exactly
            let fields = self.lines[..j]
                .iter()
                .rev()
                .find(|l| l.side == Side::Client)
                .map_or(0, |c| data_fields(&c.text));
            let shown = if want == got {
                format!("S> {got}")
            } else if status(&want).is_some()
                && status(&want) == status(&got)
                && leading(&want, fields) == leading(&got, fields)
            {
                format!("S> {want} (the server machine's own text: {got})")
            } else {
                return Err(disagree(
                    self.lines[j].no,
                    format!("S: {want}"),
                    format!("S: {got}"),
                ));
            };
            let no = self.lines[j].no;
            self.s_from = j + 1;
            self.say(shown);
            let wire = format!("{want}\r\n");
            self.client
                .handle_input(self.clock.now(), wire.as_bytes())
                .map_err(|e| disagree(no, "the client takes the line", format!("{e}")))?;
            self.client_events()?;
        }
        Ok(progress)
    }

    fn client_events(&mut self) -> Result<bool, ReplayError> {
        let mut progress = false;
        while let Some(event) = self.client.poll_event() {
            progress = true;
            let no = self.lines[..self.s_from].last().map_or(0, |l| l.no);
            let event = event.map_err(|e| {
                disagree(
                    no,
                    "the client machine accepts the line",
                    format!("client error: {e}"),
                )
            })?;
            self.say(format!("client event: {}", client_event(&event)));
            if let client::Event::TlsUpgrade { .. } = event {
                self.client
                    .tls_established()
                    .map_err(|e| disagree(no, "the TLS upgrade", format!("{e}")))?;
            }
        }
        Ok(progress)
    }

    fn server_event(&mut self, event: server::Event) -> Result<(), ReplayError> {
        self.say(format!("server event: {}", server_event(&event)));
        if let server::Event::Decision(decision) = event {
            self.flush_server()?;
            self.answer(decision)?;
            self.flush_server()?;
        }
        Ok(())
    }

    /// Answers a decision so that the server says the transcript's next lines.
    fn answer(&mut self, decision: Decision) -> Result<(), ReplayError> {
        let Some(j) = self.next(Side::Server) else {
            return Err(disagree(
                self.last_no(),
                "the end of the transcript",
                format!(
                    "the server machine waits for an answer ({:?}) and the transcript has no reply",
                    self.server.pending()
                ),
            ));
        };
        let (no, text) = (self.lines[j].no, self.lines[j].text.clone());
        let cannot = |e: server::AnswerError| {
            disagree(
                no,
                format!("S: {text}"),
                format!("the server machine cannot say it: {e}"),
            )
        };
        let positive = status(&text) == Some(true);
        if !positive {
            let r = response(&text)
                .ok_or_else(|| disagree(no, "a +OK or -ERR line", format!("S: {text}")))?;
            return self.server.respond(r).map_err(cannot);
        }
        match decision {
            Decision::Login(_) => {
                let maildrop = self
                    .maildrop
                    .take()
                    .unwrap_or_else(|| Maildrop::new(Vec::new()));
                self.server.accept_login(maildrop).map_err(cannot)
            }
            Decision::Retrieve { .. } => {
                let mut body = Vec::new();
                let mut end = None;
                for (k, line) in self.lines.iter().enumerate().skip(j + 1) {
                    if line.side == Side::Client {
                        break;
                    }
                    if line.text == "." {
                        end = Some(k);
                        break;
                    }
                    let unstuffed = line.text.strip_prefix('.').unwrap_or(&line.text);
                    body.extend_from_slice(unstuffed.as_bytes());
                    body.extend_from_slice(b"\r\n");
                }
                if end.is_none() {
                    return Err(disagree(no, "a body ending in S: .", "the body has no end"));
                }
                self.server.retrieve(&body).map_err(cannot)
            }
            _ => {
                debug_assert!(self.server.pending() != Some(Awaiting::Body));
                let r = response(&text)
                    .ok_or_else(|| disagree(no, "a +OK or -ERR line", format!("S: {text}")))?;
                self.server.respond(r).map_err(cannot)
            }
        }
    }

    /// Makes the client API call that sends the next client line.
    fn drive(&mut self) -> Result<bool, ReplayError> {
        let Some(i) = self.next(Side::Client) else {
            return Ok(false);
        };
        if self.next(Side::Server).is_some_and(|s| s < i) || !self.client.is_idle() {
            return Ok(false);
        }
        let (no, text) = (self.lines[i].no, self.lines[i].text.clone());
        let refused = |what: &str, e: pop3_proto::ConnectionError| {
            disagree(
                no,
                format!("C: {text}"),
                format!("the client refuses {what}: {e}"),
            )
        };
        let Some(cmd) = command(&text) else {
            return Err(disagree(no, format!("C: {text}"), "not a POP3 command"));
        };
        self.say(format!("client call: {}", call_name(&cmd)));
        let c = &mut self.client;
        match cmd {
            Command::User(name) => {
                let pass = self.lines[i + 1..]
                    .iter()
                    .find(|l| l.side == Side::Client)
                    .and_then(|l| l.text.strip_prefix("PASS ").map(str::to_string))
                    .ok_or_else(|| disagree(no, "C: PASS after USER", "no PASS line follows"))?;
                c.login(name.as_str(), Secret::from(pass))
                    .map_err(|e| refused("login", e))?
            }
            Command::Apop { name, .. } => {
                let Some(secret) = self.secret.clone() else {
                    return Err(disagree(
                        no,
                        format!("C: {text}"),
                        "APOP needs a `# secret: ...` line",
                    ));
                };
                c.apop(name.as_str(), &Secret::from(secret))
                    .map_err(|e| refused("apop", e))?
            }
            Command::Stat => c.stat().map_err(|e| refused("stat", e))?,
            Command::List(m) => c.list(m).map_err(|e| refused("list", e))?,
            Command::Uidl(m) => c.uidl(m).map_err(|e| refused("uidl", e))?,
            Command::Retr(m) => c.retr(m).map_err(|e| refused("retr", e))?,
            Command::Top { msg, lines } => c.top(msg, lines).map_err(|e| refused("top", e))?,
            Command::Dele(m) => c.dele(m).map_err(|e| refused("dele", e))?,
            Command::Noop => c.noop().map_err(|e| refused("noop", e))?,
            Command::Rset => c.rset().map_err(|e| refused("rset", e))?,
            Command::Quit => c.quit().map_err(|e| refused("quit", e))?,
            Command::Capa => c.capa().map_err(|e| refused("capa", e))?,
            Command::Stls => c.stls().map_err(|e| refused("stls", e))?,
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                let ir = initial_response.map(|ir| ir.as_str().to_string());
                let after = self.lines[i + 1..]
                    .iter()
                    .filter(|l| l.side == Side::Client)
                    .map(|l| l.text.clone());
                let credentials = sasl_credentials(no, mechanism.as_str(), ir, after)?;
                c.authenticate(credentials)
                    .map_err(|e| refused("authenticate", e))?
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

    fn finish(&mut self) -> Result<(), ReplayError> {
        if let Some(i) = self.next(Side::Client) {
            return Err(disagree(
                self.lines[i].no,
                self.describe(i),
                "the client machine sent nothing more",
            ));
        }
        if let Some(j) = self.next(Side::Server) {
            return Err(disagree(
                self.lines[j].no,
                self.describe(j),
                "the server machine said nothing more",
            ));
        }
        if !self.client_out.is_empty() || !self.server_out.is_empty() {
            return Err(disagree(
                self.last_no(),
                "nothing more",
                "a line without its end",
            ));
        }
        let quit = self
            .lines
            .iter()
            .rev()
            .find(|l| l.side == Side::Client)
            .is_some_and(|l| matches!(command(&l.text), Some(Command::Quit)));
        if quit && !(self.client.is_closed() && self.server.is_closed()) {
            return Err(disagree(
                self.last_no(),
                "both machines closed after QUIT",
                format!(
                    "client closed: {}, server closed: {}",
                    self.client.is_closed(),
                    self.server.is_closed()
                ),
            ));
        }
        self.say(format!(
            "ok: both machines agree with all {} lines",
            self.lines.len()
        ));
        Ok(())
    }
}

fn call_name(cmd: &Command<'_>) -> String {
    let n = |m: &Option<MessageNumber>| m.map(|m| format!(" {m}")).unwrap_or_default();
    match cmd {
        Command::User(name) => format!("login {name} (USER and PASS)"),
        Command::Apop { name, .. } => format!("apop {name}"),
        Command::List(m) => format!("list{}", n(m)),
        Command::Uidl(m) => format!("uidl{}", n(m)),
        Command::Retr(m) => format!("retr {m}"),
        Command::Dele(m) => format!("dele {m}"),
        Command::Top { msg, lines } => format!("top {msg} {lines}"),
        Command::Auth {
            mechanism,
            initial_response,
        } => format!(
            "authenticate {}{}",
            mechanism.as_str(),
            if initial_response.is_some() {
                " (initial response)"
            } else {
                ""
            }
        ),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn client_event(event: &client::Event) -> String {
    use client::Event as E;
    match event {
        E::Greeting(_) => "Greeting".into(),
        E::Ready(caps) => format!("Ready {caps:?}"),
        E::LoggedIn { request, .. } => format!("LoggedIn by {request:?}"),
        E::Stat(s) => format!("{s:?}"),
        E::Listings(l) => format!("Listings {} messages", l.len()),
        E::BodyStart { request, .. } => format!("BodyStart {request:?}"),
        E::BodyChunk(b) => format!("BodyChunk {} octets", b.len()),
        E::Done { request, .. } => format!("Done {request:?}"),
        E::Refused { request, .. } => format!("Refused {request:?}"),
        other => format!("{other:?}"),
    }
}

fn server_event(event: &server::Event) -> String {
    match event {
        server::Event::Decision(Decision::Login(login)) => {
            format!("Decision Login {}", login.user().unwrap_or("-"))
        }
        server::Event::Decision(d) => format!("Decision {d:?}"),
        other => format!("{other:?}"),
    }
}
