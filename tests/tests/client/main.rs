//! End-to-end tests of the generated client, in one test binary: every call goes to a real
//! HTTP server on `127.0.0.1:0` (wiremock), and the tests assert on what crossed the wire,
//! on how documented and undocumented answers decode, and on the documented constraints
//! that stop a request before anything is sent.

mod boundaries;
mod doc_examples;
mod errors;
mod newtypes;
mod request_checks;
mod support;
mod wire;
