//! A minimal HTTP/1.1 server on 127.0.0.1 for `request_overhead`: it answers every request with the
//! same canned JSON, keeps connections alive, and records the first request it sees (head and body),
//! or the next one after [`Server::capture_next`], so that the raw-reqwest floor can send exactly
//! the same bytes and headers.
//!
//! It does as little as an HTTP server can (no routing, no matching, no recording beyond the first
//! request), so that the client side dominates what is measured. It listens on loopback only, and
//! its tasks end with the Tokio runtime that runs them (or when the [`Server`] is dropped).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The first request the server received.
#[derive(Clone, Debug)]
pub struct Captured {
    /// Request line and header lines, without the final empty line.
    pub head: String,
    /// The request body.
    pub body: Vec<u8>,
}

impl Captured {
    /// The header lines as `(name, value)` pairs, lowercase names, in the order received.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.head
            .split("\r\n")
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect()
    }
}

/// A running loopback server.
pub struct Server {
    addr: SocketAddr,
    captured: Arc<Mutex<Option<Captured>>>,
    accept: JoinHandle<()>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `body` (as `200 OK`, `application/json`) to every
    /// request. Must be called inside a Tokio runtime.
    pub async fn start(body: &[u8]) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             request-id: req_bench\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body);
        let response: Arc<[u8]> = response.into();
        let captured = Arc::new(Mutex::new(None));
        let accept = tokio::spawn({
            let captured = Arc::clone(&captured);
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve(stream, Arc::clone(&response), Arc::clone(&captured)));
                }
            }
        });
        Ok(Server {
            addr,
            captured,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The first request received, if any.
    pub fn captured(&self) -> Option<Captured> {
        self.captured.lock().expect("not poisoned").clone()
    }

    /// Forgets the request recorded so far, so that the next one is recorded instead: for a
    /// client whose later requests differ from its first (from the second on, the generated
    /// client reports the previous request in `X-Stripe-Client-Telemetry`).
    pub fn capture_next(&self) {
        *self.captured.lock().expect("not poisoned") = None;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Serves one keep-alive connection until the client closes it.
async fn serve(mut stream: TcpStream, response: Arc<[u8]>, captured: Arc<Mutex<Option<Captured>>>) {
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // Read until the end of the head, then until the whole body is in.
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end - 4]).into_owned();
        let body_len = content_length(&head);
        while buf.len() < head_end + body_len {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        {
            let mut first = captured.lock().expect("not poisoned");
            if first.is_none() {
                *first = Some(Captured {
                    head,
                    body: buf[head_end..head_end + body_len].to_vec(),
                });
            }
        }
        buf.drain(..head_end + body_len);
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> usize {
    head.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}
