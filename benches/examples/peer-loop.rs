//! Parses one command input many times with smtp-proto 0.2: the peer of `parse-loop`.
//! Same arguments as `parse-loop`.

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "mixed_session".into());
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let Some((_, input)) = benches::command_inputs()
        .into_iter()
        .find(|(n, _)| *n == name)
    else {
        eprintln!("unknown input {name}");
        std::process::exit(2);
    };
    let mut count = 0usize;
    for _ in 0..rounds {
        match benches::parse_all(benches::peer_parse, &input) {
            Some(n) => count += n,
            None => {
                eprintln!("a line did not parse");
                std::process::exit(1);
            }
        }
    }
    println!("{count} commands parsed");
}
