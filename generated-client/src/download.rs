//! Saving a download to a file: the whole body or nothing.
//!
//! The body is streamed to a temporary file in the target's directory (so the final rename
//! stays on one file system, where it is atomic) and renamed into place only once every
//! announced byte has arrived and reached the disk. A failure, or a future dropped part way,
//! removes the temporary file, and a file that was already at the target is untouched.

use std::io;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::{BinaryResponse, Error};

/// How far a download to a file has got; see [`BinaryResponse::save_to_with_progress`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes written so far.
    pub bytes: u64,
    /// The body's length, when the service announced it (`Content-Length`).
    pub total: Option<u64>,
}

/// A download saved to a file.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    /// Where the file is.
    pub path: PathBuf,
    /// How many bytes it holds.
    pub bytes: u64,
}

/// Temporary files start with this: hidden on Unix, and recognisably the client's.
const TEMP_PREFIX: &str = ".codearts-";

/// The longest file name most file systems take, in bytes.
const MAX_NAME_BYTES: usize = 255;

impl BinaryResponse {
    /// Streams the body to the file at `path`, replacing it only once the whole body has
    /// arrived; returns where it went and its size. The body is never held in memory.
    ///
    /// On failure (the connection breaks, the body is shorter than its `Content-Length`,
    /// the directory is missing or full) nothing is left behind: no partial file, no
    /// temporary file, and a file that was at `path` before is untouched. The new file is
    /// readable by its owner only, as the archive of a private repository should be.
    ///
    /// ```no_run
    /// # async fn run(
    /// #     download: codearts_client::BinaryResponse,
    /// # ) -> Result<(), codearts_client::Error> {
    /// // `download`: what `send()` of an operation answering a file returned.
    /// let saved = download.save_to("repository.zip").await?;
    /// println!("{} bytes in {}", saved.bytes, saved.path.display());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn save_to(self, path: impl AsRef<Path>) -> Result<SavedFile, Error> {
        self.save_to_with_progress(path, |_| {}).await
    }

    /// [`save_to`](Self::save_to), calling `progress` after each piece of the body is
    /// written. The byte counts only grow, and the last call reports the whole body (when
    /// the service announced its length, `bytes == total`); an empty body gets one call.
    ///
    /// ```no_run
    /// # async fn run(
    /// #     download: codearts_client::BinaryResponse,
    /// # ) -> Result<(), codearts_client::Error> {
    /// download
    ///     .save_to_with_progress("repository.tar.gz", |progress| match progress.total {
    ///         Some(total) => eprint!("\r{} of {total} bytes", progress.bytes),
    ///         None => eprint!("\r{} bytes", progress.bytes),
    ///     })
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn save_to_with_progress(
        self,
        path: impl AsRef<Path>,
        progress: impl FnMut(Progress),
    ) -> Result<SavedFile, Error> {
        let target = path.as_ref().to_path_buf();
        save(self, target, Replace::Yes, progress).await
    }

    /// Saves the body into `dir` under the name the service suggested in
    /// `Content-Disposition` ([`file_name`](Self::file_name), with leading dots removed so
    /// that it cannot be a hidden file, and cut to 255 bytes), or under the operation's name
    /// with an extension from `Content-Type` (`download_archive.zip`) when there is none.
    ///
    /// The name is the service's choice, not the caller's, so an existing file of that name
    /// is never replaced: that is an [`Error::Io`] (`AlreadyExists`). Otherwise this behaves
    /// as [`save_to`](Self::save_to).
    pub async fn save_into_dir(self, dir: impl AsRef<Path>) -> Result<SavedFile, Error> {
        self.save_into_dir_with_progress(dir, |_| {}).await
    }

    /// [`save_into_dir`](Self::save_into_dir) with a progress callback, as in
    /// [`save_to_with_progress`](Self::save_to_with_progress).
    pub async fn save_into_dir_with_progress(
        self,
        dir: impl AsRef<Path>,
        progress: impl FnMut(Progress),
    ) -> Result<SavedFile, Error> {
        let name = self
            .file_name()
            .and_then(|name| name_for_dir(&name))
            .unwrap_or_else(|| fallback_name(self.operation(), self.content_type()));
        let target = dir.as_ref().join(name);
        save(self, target, Replace::No, progress).await
    }
}

// Saving can run in a spawned task: its futures are `Send` whenever the callback is.
const _: fn(BinaryResponse) = |response| {
    fn send<T: Send>(_: T) {}
    send(response.save_to_with_progress("archive.zip", |_| {}));
};

/// Whether a save may replace a file that is already at the target.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    Yes,
    No,
}

async fn save(
    response: BinaryResponse,
    target: PathBuf,
    replace: Replace,
    mut progress: impl FnMut(Progress),
) -> Result<SavedFile, Error> {
    let operation = response.operation();
    let io_error = |source: io::Error| Error::Io {
        operation,
        path: target.clone(),
        source,
    };

    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let temp = blocking(move || {
        tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)
    })
    .await
    .map_err(io_error)?;
    // From here on, returning early drops `temp_path`, which removes the temporary file.
    let (file, temp_path) = temp.into_parts();
    let mut file = tokio::fs::File::from_std(file);

    let mut tracker = Tracker::new(response.content_length());
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        file.write_all(&chunk).await.map_err(io_error)?;
        if let Some(event) = tracker.advance(chunk.len()) {
            progress(event);
        }
    }
    tracker.check_complete().map_err(io_error)?;
    // On disk before the rename, so that a crash cannot leave a complete name on a
    // truncated file.
    file.flush().await.map_err(io_error)?;
    file.sync_all().await.map_err(io_error)?;
    drop(file);
    if let Some(event) = tracker.finish() {
        progress(event);
    }

    let destination = target.clone();
    blocking(move || {
        let persisted = match replace {
            Replace::Yes => temp_path.persist(&destination),
            Replace::No => temp_path.persist_noclobber(&destination),
        };
        // The error holds the temporary path; dropping it removes the file.
        persisted.map_err(|e| e.error)
    })
    .await
    .map_err(io_error)?;
    Ok(SavedFile {
        path: target,
        bytes: tracker.bytes,
    })
}

/// Runs a short blocking file-system call (create, rename) off the async worker threads.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(call)
        .await
        .unwrap_or_else(|join| Err(io::Error::other(join)))
}

/// The bookkeeping behind [`Progress`] events and the length check.
#[derive(Debug)]
struct Tracker {
    bytes: u64,
    total: Option<u64>,
    /// The byte count of the last event, if any was sent.
    reported: Option<u64>,
}

impl Tracker {
    fn new(total: Option<u64>) -> Self {
        Tracker {
            bytes: 0,
            total,
            reported: None,
        }
    }

    /// Counts a written chunk; an event unless the chunk was empty.
    fn advance(&mut self, len: usize) -> Option<Progress> {
        if len == 0 {
            return None;
        }
        self.bytes += len as u64;
        self.reported = Some(self.bytes);
        Some(self.progress())
    }

    /// The last event, when the body ended without one for its final length (an empty body).
    fn finish(&mut self) -> Option<Progress> {
        if self.reported == Some(self.bytes) {
            return None;
        }
        self.reported = Some(self.bytes);
        Some(self.progress())
    }

    /// An error when the body's length differs from the one announced. hyper already fails
    /// the stream on a short body; this keeps the promise whatever the transport does.
    fn check_complete(&self) -> io::Result<()> {
        match self.total {
            Some(total) if self.bytes < total => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the body ended after {} of {total} announced bytes",
                    self.bytes
                ),
            )),
            Some(total) if self.bytes > total => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the body is {} bytes long, not the {total} announced",
                    self.bytes
                ),
            )),
            _ => Ok(()),
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            bytes: self.bytes,
            total: self.total,
        }
    }
}

/// A suggested name (already reduced to one safe path component by
/// [`BinaryResponse::file_name`]) made fit to create in a caller's directory: no leading
/// dots, so not hidden, and at most [`MAX_NAME_BYTES`] bytes, keeping a short extension.
fn name_for_dir(name: &str) -> Option<String> {
    let name = name.trim_start_matches('.').trim();
    if name.is_empty() {
        return None;
    }
    if name.len() <= MAX_NAME_BYTES {
        return Some(name.to_owned());
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|extension| extension.len() <= 16)
        .unwrap_or("");
    let stem_end = name.floor_char_boundary(MAX_NAME_BYTES - extension.len());
    Some(format!("{}{extension}", &name[..stem_end]))
}

/// The name of a download whose response suggested none: the operation's name, with an
/// extension for the archive types the service sends.
fn fallback_name(operation: &str, content_type: Option<&str>) -> String {
    let essence = content_type
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase());
    let extension = match essence.as_deref() {
        Some("application/zip" | "application/x-zip-compressed") => ".zip",
        Some("application/gzip" | "application/x-gzip") => ".gz",
        Some("application/x-bzip2") => ".bz2",
        Some("application/x-tar") => ".tar",
        _ => "",
    };
    format!("{operation}{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(bytes: u64, total: Option<u64>) -> Progress {
        Progress { bytes, total }
    }

    #[test]
    fn progress_grows_with_each_chunk_and_ends_at_the_total() {
        let mut tracker = Tracker::new(Some(10));
        assert_eq!(tracker.advance(4), Some(progress(4, Some(10))));
        assert_eq!(tracker.advance(0), None, "an empty chunk is no progress");
        assert_eq!(tracker.advance(6), Some(progress(10, Some(10))));
        assert!(tracker.check_complete().is_ok());
        assert_eq!(
            tracker.finish(),
            None,
            "the last chunk's event was the last"
        );
        assert_eq!(tracker.bytes, 10);
    }

    #[test]
    fn an_empty_body_gets_one_event() {
        let mut tracker = Tracker::new(Some(0));
        assert!(tracker.check_complete().is_ok());
        assert_eq!(tracker.finish(), Some(progress(0, Some(0))));
        assert_eq!(tracker.finish(), None);
        let mut unknown = Tracker::new(None);
        assert_eq!(unknown.finish(), Some(progress(0, None)));
    }

    #[test]
    fn an_unannounced_length_is_never_wrong() {
        let mut tracker = Tracker::new(None);
        assert_eq!(tracker.advance(3), Some(progress(3, None)));
        assert_eq!(tracker.advance(5), Some(progress(8, None)));
        assert!(tracker.check_complete().is_ok());
        assert_eq!(tracker.finish(), None);
    }

    #[test]
    fn a_body_of_another_length_than_announced_is_an_error() {
        let mut short = Tracker::new(Some(10));
        short.advance(4);
        let error = short.check_complete().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(
            error.to_string(),
            "the body ended after 4 of 10 announced bytes"
        );
        let mut long = Tracker::new(Some(2));
        long.advance(3);
        assert_eq!(
            long.check_complete().unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }

    #[test]
    fn names_for_a_directory_are_visible_and_short() {
        assert_eq!(name_for_dir("repo.zip").as_deref(), Some("repo.zip"));
        assert_eq!(name_for_dir(".bashrc").as_deref(), Some("bashrc"));
        assert_eq!(name_for_dir("...").as_deref(), None);
        assert_eq!(name_for_dir(". ").as_deref(), None);
        let long = format!("{}.tar.gz", "仓".repeat(100));
        let cut = name_for_dir(&long).unwrap();
        assert!(cut.len() <= MAX_NAME_BYTES, "{}", cut.len());
        assert!(cut.ends_with("仓.gz"), "{cut}");
        let no_extension = "x".repeat(300);
        assert_eq!(name_for_dir(&no_extension).unwrap(), "x".repeat(255));
        let long_extension = format!("a.{}", "y".repeat(300));
        assert_eq!(name_for_dir(&long_extension).unwrap().len(), 255);
    }

    #[test]
    fn fallback_names_follow_the_content_type() {
        assert_eq!(
            fallback_name("download_archive", Some("application/zip")),
            "download_archive.zip"
        );
        assert_eq!(
            fallback_name(
                "download_archive",
                Some("Application/X-GZIP; charset=binary")
            ),
            "download_archive.gz"
        );
        assert_eq!(
            fallback_name("download_archive", Some("application/x-tar")),
            "download_archive.tar"
        );
        assert_eq!(
            fallback_name("download_archive", Some("application/octet-stream")),
            "download_archive"
        );
        assert_eq!(fallback_name("download_archive", None), "download_archive");
    }
}
