//! Feeds the mixed sessions in 7-byte pieces many times: a profiling aid.
//! `serve-loop [server|framer|peer] [rounds]`, e.g.
//! `valgrind --tool=callgrind target/release/examples/serve-loop server 5`.

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "server".into());
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let connections = benches::mixed_connections(1, 400);
    let config = benches::server_config();
    let mut body = 0usize;
    for _ in 0..rounds {
        for c in &connections {
            let served = match mode.as_str() {
                "server" => benches::ours_serve(&config, &c.wire, 7),
                "framer" => benches::ours_frame(&c.wire, 7),
                "peer" => benches::peer_receive(&c.wire, 7),
                _ => {
                    eprintln!("unknown mode {mode}");
                    std::process::exit(2);
                }
            };
            body += served.map_or(0, |s| s.body);
        }
    }
    println!("{body} body bytes");
}
