//! `mfa-sandbox [--port N] [--www DIR] [--dist DIR] [--bank-delay-ms N]`: the demo's server.

use std::path::PathBuf;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let mut options = mfa_sandbox::Options::default();
    let mut port = 8787u16;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--port" => port = value.parse().unwrap_or_else(|_| usage(&flag)),
            "--www" => options.www_dir = PathBuf::from(value),
            "--dist" => options.dist_dir = PathBuf::from(value),
            "--bank-delay-ms" => {
                options.bank_delay =
                    Duration::from_millis(value.parse().unwrap_or_else(|_| usage(&flag)))
            }
            _ => usage(&flag),
        }
    }
    match mfa_sandbox::start(port, options).await {
        Ok(running) => {
            println!("sandbox listening on {}", running.url());
            println!("demo: {}/", running.url());
            let _ = tokio::signal::ctrl_c().await;
        }
        Err(e) => {
            eprintln!("sandbox: cannot bind 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    }
}

fn usage(flag: &str) -> ! {
    eprintln!("sandbox: bad argument {flag}\nusage: mfa-sandbox [--port N] [--www DIR] [--dist DIR] [--bank-delay-ms N]");
    std::process::exit(2);
}
