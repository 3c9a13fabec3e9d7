"""What a reader on a phone in the mountains gets: bytes transferred and first contentful paint.

Usage:  .venv/bin/python bench/phone.py [--repeat 5] [--skip-build]

On the benchmark database (bench/province.py), with a news page of the school
`thpt-chuyen` that carries a featured photo and three photos in its body (made
once, photo-like noise so that JPEG/WebP cannot cheat), the portal runs under
gunicorn with production settings; Debian's Chromium (Playwright) opens pages
at a 360×740 phone viewport with the network throttled to 1.6 Mbps down,
750 kbps up and 150 ms round trip (Chrome DevTools' "slow 4G"-like profile of
the issue), cold cache each time, and prints the median of --repeat loads:
bytes over the wire (compressed, as counted by the browser), requests, first
contentful paint and load. Budget (issue #11): the news page under 300 KB,
first contentful paint under 2 s.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
from pathlib import Path

# bench/ is on the path as the script's folder; bench/data.py puts the project first (apps before bench modules).
from data import setup_django  # noqa: E402
from throughput import PYTHON, ROOT, Gunicorn, portal_env, wait_for  # noqa: E402

SLUG = "anh-hoat-dong-ngoai-khoa-bench"
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}


def photo(seed, size=(1600, 1067)):
    """A photo-like JPEG (noise over gradients): compresses like a real picture, not like a flat drawing."""
    import random

    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    noise = Image.effect_noise(size, 60).convert("RGB")
    tint = Image.new("RGB", size, (rng.randrange(60, 200), rng.randrange(80, 200), rng.randrange(40, 160)))
    picture = Image.blend(noise, tint, 0.55).filter(ImageFilter.GaussianBlur(1.2))
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=88)
    return output.getvalue()


def ensure_news_page():
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from news.models import NewsIndexPage, NewsPage
    from schoolsite.models import Unit

    school = Unit.objects.get(code="thpt-chuyen")
    index = NewsIndexPage.objects.child_of(school.home_page).get()
    existing = NewsPage.objects.child_of(index).filter(slug=SLUG).first()
    if existing:
        return school, existing
    Image = get_image_model()
    images = []
    for number in range(4):
        image = Image(title=f"Hoạt động ngoại khoá {number + 1}", collection=school.collection)
        image.file = ImageFile(io.BytesIO(photo(number)), name=f"ngoai-khoa-{number + 1}.jpg")
        image.save()
        images.append(image)
    paragraph = "<p>Học sinh các lớp tham gia hoạt động trải nghiệm, tìm hiểu văn hoá các dân tộc Lào Cai.</p>"
    body = [("text", paragraph)]
    for image in images[1:]:
        body += [("image", {"image": image, "caption": image.title}), ("text", paragraph)]
    page = NewsPage(
        title="Ảnh hoạt động ngoại khoá của học sinh",
        slug=SLUG,
        lead="Những hình ảnh đẹp trong tuần hoạt động ngoại khoá.",
        featured_image=images[0],
        featured_image_alt="Học sinh THPT Chuyên trong giờ hoạt động ngoại khoá",
        body=body,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return school, page


def measure(browser, url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    transferred = {"bytes": 0, "requests": 0}

    def finished(event):
        transferred["bytes"] += event.get("encodedDataLength", 0)
        transferred["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # a reader scrolls: lazy images load too
    page.wait_for_load_state("networkidle")
    timing = page.evaluate(
        """() => {
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const nav = performance.getEntriesByType('navigation')[0];
            return {fcp: paint ? paint.startTime : null, load: nav ? nav.loadEventEnd : null};
        }"""
    )
    context.close()
    return transferred["bytes"], transferred["requests"], timing["fcp"], timing["load"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    setup_django()
    if not args.skip_build:
        from province import build

        build(verbose=False)
    school, news = ensure_news_page()
    from schoolsite.models import Unit

    department = Unit.objects.get(code="so")
    static_root = Path(tempfile.mkdtemp(prefix="sgddt-phone-static-"))
    env = portal_env(static_root, page_cache=True)
    env["SERVE_MEDIA"] = "true"  # no nginx here: gunicorn serves uploaded images as in `make run`
    import subprocess

    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env={**os.environ, **env})
    server = Gunicorn(2, env, ["-c", "deploy/gunicorn.conf.py"])
    from playwright.sync_api import sync_playwright

    targets = [
        ("news page, 4 photos", school.hostname, news.url_path[len(school.home_page.url_path) - 1 :]),
        ("school home", school.hostname, "/"),
        ("department home", department.hostname, "/"),
    ]
    try:
        wait_for(server.base + "/healthz", "so.localhost", server.process)
        port = server.port
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox"],
            )
            print("360×740 phone, 1.6 Mbps down / 750 kbps up / 150 ms RTT, cold cache; medians of", args.repeat)
            print(f"{'page':22} {'KB':>7} {'requests':>9} {'FCP ms':>8} {'load ms':>8}")
            for label, host, path in targets:
                url = f"http://{host}:{port}{path}"
                measure(browser, url)  # renditions are made on the first visit
                runs = [measure(browser, url) for _ in range(args.repeat)]
                kb = statistics.median(r[0] for r in runs) / 1024
                requests = statistics.median(r[1] for r in runs)
                fcp = statistics.median(r[2] for r in runs)
                load = statistics.median(r[3] for r in runs)
                print(f"{label:22} {kb:7.0f} {requests:9.0f} {fcp:8.0f} {load:8.0f}")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
