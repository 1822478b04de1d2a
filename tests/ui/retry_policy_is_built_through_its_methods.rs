//! A retry policy is built from `RetryPolicy::default()` and its `with_` methods, which
//! keep it valid: its fields are private.

fn main() {
    let _policy = codearts_client::RetryPolicy {
        max_attempts: 0,
        ..codearts_client::RetryPolicy::default()
    };
}
