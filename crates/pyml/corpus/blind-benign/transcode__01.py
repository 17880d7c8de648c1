#!/usr/bin/env python3
"""Media normalisation worker.

Walks the media library, transcodes anything that isn't H.264/AAC mp4 using
ffmpeg, and replaces the original in place once the output has been verified.
"""
import json
import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

LIBRARY = os.environ.get("MEDIA_ROOT", "/media/library")
WORKERS = int(os.environ.get("TRANSCODE_WORKERS", "2"))
VIDEO_EXT = {".mkv", ".avi", ".mov", ".wmv", ".flv", ".webm", ".mp4", ".m4v"}
log = logging.getLogger("transcode")


def probe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", path],
        capture_output=True, text=True, check=True).stdout
    return json.loads(out).get("streams", [])


def needs_transcode(path):
    streams = probe(path)
    v = [s["codec_name"] for s in streams if s.get("codec_type") == "video"]
    a = [s["codec_name"] for s in streams if s.get("codec_type") == "audio"]
    return not path.endswith(".mp4") or v[:1] != ["h264"] or (a and a[0] != "aac")


def transcode(path):
    if not needs_transcode(path):
        return None
    base, _ = os.path.splitext(path)
    tmp = base + ".transcoding.mp4"
    cmd = ["ffmpeg", "-nostdin", "-y", "-i", path,
           "-c:v", "libx264", "-preset", "medium", "-crf", "21",
           "-c:a", "aac", "-b:a", "160k", "-movflags", "+faststart", tmp]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    if not probe(tmp):
        os.unlink(tmp)
        raise RuntimeError(f"output failed verification: {tmp}")
    final = base + ".mp4"
    os.replace(tmp, final)
    if final != path:
        os.remove(path)  # original container format no longer needed
    return final


def safe(path):
    try:
        out = transcode(path)
        if out:
            log.info("done %s -> %s", path, out)
    except Exception as exc:
        log.error("failed %s: %s", path, exc)


def main():
    logging.basicConfig(level=logging.INFO)
    jobs = []
    for root, _dirs, files in os.walk(LIBRARY):
        for f in files:
            if ".transcoding." in f:
                continue
            if os.path.splitext(f)[1].lower() in VIDEO_EXT:
                jobs.append(os.path.join(root, f))
    log.info("%d candidate files", len(jobs))
    with ThreadPoolExecutor(max_workers=WORKERS) as ex:
        list(ex.map(safe, jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
