//! End-to-end tests of the generated client, in one test binary: every call goes to a real
//! HTTP server on `127.0.0.1:0` (wiremock, or a raw TCP server for bodies cut short), and
//! the tests assert on what crossed the wire, on how documented and undocumented answers
//! decode, on the documented constraints that stop a request before anything is sent, and
//! on configuration, retries, downloads to disk and tracing.

mod bodies;
mod boundaries;
mod config;
mod doc_examples;
mod download;
mod errors;
mod hostile;
mod newtypes;
mod no_content;
mod observability;
mod pagination;
mod request_checks;
mod retries;
mod secrets;
mod shapes;
mod signing;
mod support;
mod wire;
