//! Parses a pipelined MAIL/RCPT stream many times: a profiling aid
//! (`valgrind --tool=callgrind target/release/examples/parse-loop`; compare with `peer-loop`).

fn main() {
    let input = benches::command_input();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let mut count = 0usize;
    for _ in 0..rounds {
        let mut rest = &input[..];
        while !rest.is_empty() {
            match smtp_proto::parse_command(rest).into_result() {
                Ok(Some((cmd, used))) => {
                    count += usize::from(matches!(cmd, smtp_proto::Command::Mail { .. }));
                    rest = &rest[used..];
                }
                Ok(None) => {
                    eprintln!("incomplete");
                    return;
                }
                Err(e) => {
                    eprintln!("{e}");
                    return;
                }
            }
        }
    }
    println!("{count} MAIL commands parsed");
}
