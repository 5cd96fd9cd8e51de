//! Loopback tests of what a transport failure is called: "could not connect" only when no
//! connection was made; after connecting, a reset, a close without a response, a response head
//! that is not HTTP and a body with broken chunked encoding each say what happened. Every one is
//! still retried as before (a connection error). The responses come from the raw TCP server of
//! `tests_client.rs`, since a well-behaved HTTP server cannot send them.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value;

use super::tests_client::{fast, raw_server};
use super::{Client, Error, Method};

/// A server that, on each of up to `connections` connections, waits for the request to arrive
/// and closes without reading it: unread bytes make the kernel answer with a reset (RST), not an
/// orderly close. The counter says how many connections it reset.
fn resetting_server(connections: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let reset = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&reset);
    std::thread::spawn(move || {
        for _ in 0..connections {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            // Block until the request's first bytes are here, without consuming them.
            let mut first = [0u8; 1];
            let _ = stream.peek(&mut first);
            count.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, reset)
}

/// Posts through a client with the default two retries; the error.
async fn post(url: &str) -> Error {
    fast(Client::builder("sk_test_123"), url)
        .build()
        .unwrap()
        .request::<Value>(Method::Post, "/v1/tokens", &())
        .await
        .unwrap_err()
}

/// The message of a [`Error::Connection`], checking it does not claim no connection was made.
fn after_connecting(err: &Error) -> &str {
    let Error::Connection { message, .. } = err else {
        panic!("expected a connection error: {err:?}")
    };
    assert_eq!(err.to_string(), *message);
    assert!(!message.contains("could not connect"), "{message}");
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(err).is_some());
    message
}

#[tokio::test]
async fn a_refused_connection_could_not_connect() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = post(&format!("http://127.0.0.1:{port}")).await;
    let Error::Connection { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.starts_with("could not connect to Stripe: "),
        "{message}"
    );
    assert_eq!(err.to_string(), *message);
}

#[tokio::test]
async fn a_close_without_a_response_says_so() {
    // The request is read, then the connection closes: nothing is sent back.
    let (url, answered) = raw_server(Vec::new(), 3);
    let err = post(&url).await;
    let message = after_connecting(&err);
    assert!(
        message.starts_with("the connection to Stripe closed before a response arrived: "),
        "{message}"
    );
    assert_eq!(answered.load(Ordering::SeqCst), 3, "retried as before");
}

#[tokio::test]
async fn a_reset_after_connecting_says_so() {
    let (url, reset) = resetting_server(3);
    let err = post(&url).await;
    let message = after_connecting(&err);
    assert!(
        message.starts_with("the connection to Stripe was reset before a response arrived: "),
        "{message}"
    );
    assert_eq!(reset.load(Ordering::SeqCst), 3, "retried as before");
}

#[tokio::test]
async fn a_garbage_status_line_is_not_valid_http() {
    for head in [
        &b"HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n"[..],
        b"hello, this is not HTTP\r\n\r\n",
    ] {
        let (url, answered) = raw_server(head.to_vec(), 3);
        let err = post(&url).await;
        let message = after_connecting(&err);
        assert!(
            message.starts_with("the response from Stripe is not valid HTTP: "),
            "{message}"
        );
        assert_eq!(answered.load(Ordering::SeqCst), 3, "retried as before");
    }
}

#[tokio::test]
async fn conflicting_content_lengths_are_not_valid_http() {
    let response = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}}".to_vec();
    let (url, answered) = raw_server(response, 3);
    let err = post(&url).await;
    let message = after_connecting(&err);
    assert!(
        message.starts_with("the response from Stripe is not valid HTTP: "),
        "{message}"
    );
    assert!(
        message.contains("content-length"),
        "names the header: {message}"
    );
    assert_eq!(answered.load(Ordering::SeqCst), 3, "retried as before");
}

#[tokio::test]
async fn an_invalid_chunk_size_line_is_a_malformed_body() {
    // One good chunk, then a chunk-size line that is not hexadecimal.
    let response =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_chunk\r\n\
        transfer-encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n"
            .to_vec();
    let (url, answered) = raw_server(response, 3);
    let err = post(&url).await;
    let Error::MalformedBody {
        status,
        request_id,
        received,
        message,
        ..
    } = &err
    else {
        panic!("expected a malformed body: {err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(request_id.as_deref(), Some("req_chunk"));
    assert_eq!(*received, 2);
    assert!(message.to_lowercase().contains("chunk size"), "{message}");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "the response body's HTTP framing is invalid (HTTP 200, request id req_chunk; \
             after 2 bytes): "
        ),
        "{text}"
    );
    assert!(!text.contains("connection closed"), "{text}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some("req_chunk"));
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(answered.load(Ordering::SeqCst), 3, "retried as before");
}

#[tokio::test]
async fn a_chunked_body_cut_short_is_still_incomplete() {
    // A chunked body whose connection closes before the last chunk: cut short, not malformed.
    let response = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n".to_vec();
    let (url, _) = raw_server(response, 3);
    let err = post(&url).await;
    assert!(
        matches!(err, Error::IncompleteBody { received: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("the connection closed before the whole response body arrived"),
        "{err}"
    );
}
