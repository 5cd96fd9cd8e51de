//! Sending from synchronous code (feature `blocking`): the future of a call runs on one
//! background Tokio runtime (a single worker thread, started on first use, shared by the whole
//! process), and the calling thread waits for its result. One runtime, not one per calling
//! thread: pooled connections belong to the runtime that opened them, and a per-thread runtime
//! would leave them undriven while its thread is idle.

use std::future::Future;
use std::sync::{mpsc, OnceLock};

use super::error::Error;

/// The background runtime, or why it could not start.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("stripe-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("could not start the blocking runtime: {e}")))
}

/// Runs `future` on the background runtime and waits for its output.
pub(super) fn wait<T: Send + 'static>(
    future: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> Result<T, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(
            "a blocking send was called from inside an async runtime; `.await` the call instead"
                .to_owned(),
        ));
    }
    let (sender, receiver) = mpsc::sync_channel(1);
    runtime()?.spawn(async move {
        // The receiver waits until this is sent; it is gone only if that thread panicked.
        let _ = sender.send(future.await);
    });
    receiver.recv().map_err(|_| {
        Error::Config("the blocking runtime stopped before the request finished".to_owned())
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_future_without_a_runtime_of_the_caller() {
        let value = wait(async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            Ok::<_, Error>(7)
        })
        .unwrap();
        assert_eq!(value, 7);
        // From many threads at once, all on the one background runtime.
        let threads = (0..4)
            .map(|i| std::thread::spawn(move || wait(async move { Ok::<_, Error>(i) })))
            .collect::<Vec<_>>();
        let mut got = threads
            .into_iter()
            .map(|t| t.join().unwrap().unwrap())
            .collect::<Vec<_>>();
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2, 3]);
    }

    #[tokio::test]
    async fn refuses_to_block_an_async_runtime() {
        let err = wait(async { Ok::<_, Error>(()) }).unwrap_err();
        assert!(
            matches!(err, Error::Config(ref m) if m.contains(".await")),
            "{err:?}"
        );
    }
}
