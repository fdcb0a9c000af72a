//! How WebKit paints the window: on the CPU when the desk has no GPU.
//!
//! WebKitGTK (2.46 and later) paints with Skia on the GPU. A desk without one — a virtual
//! machine, a remote session, a test display — has Mesa's llvmpipe as its "GPU", which compiles
//! every shader with LLVM the first time it is drawn: in a 100,000-application portfolio the first
//! search after start took 0.8–1.0 s to paint, of which 0.07 s was the search (perf: WebKit's
//! Skia worker and compositor threads in libLLVM). Painting on the CPU there, measured in the
//! desktop speed bench under Xvfb: that first search 525 ms, the dashboard's start 0.71 s
//! instead of 1.0–1.1 s, and the app with its WebKit processes 328 MB PSS instead of 362 MB.
//! A desk with a GPU keeps WebKit's default; a value set by the person starting the app (either
//! way) is left as it is.

use std::path::Path;

/// WebKitGTK's switch for Skia's CPU painting.
const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Asks WebKit for CPU painting when there is no GPU. Called first thing in `main`, before any
/// thread exists (the environment is inherited by WebKit's web process, started later).
pub fn choose() {
    if cfg!(target_os = "linux")
        && std::env::var_os(CPU_RENDERING).is_none()
        && !has_render_node(Path::new("/dev/dri"))
    {
        std::env::set_var(CPU_RENDERING, "1");
    }
}

/// Whether `dir` (the kernel's DRM devices) holds a render node, `renderD128` and on: what a GPU
/// driver provides and llvmpipe does not.
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::has_render_node;

    #[test]
    fn only_a_render_node_counts_as_a_gpu() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            !has_render_node(&dir.path().join("absent")),
            "no /dev/dri: no GPU"
        );
        assert!(!has_render_node(dir.path()), "an empty /dev/dri: no GPU");
        // A display controller without rendering (a VM's card0 alone) is not a GPU to paint with.
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(
            has_render_node(dir.path()),
            "a render node: WebKit's default stays"
        );
    }
}
