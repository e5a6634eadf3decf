"""Headless Chromium driven over the DevTools protocol, for the tests of our web pages."""

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """A page in headless Chromium, driven over the DevTools protocol."""

    def __init__(self, url: str, profile: Path) -> None:
        import websocket

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
                "--window-size=1400,900",
                url,
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            line = self.process.stderr.readline()
            if "DevTools listening on ws://" in line:
                port = line.split("ws://127.0.0.1:")[1].split("/")[0]
        assert port, "Chromium did not open its DevTools port"
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.counter = 0

    def send(self, method: str, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> None:
        """Until the page says `expression` is true (its scripts have run)."""
        deadline = time.time() + timeout
        while not self.evaluate(expression):
            assert time.time() < deadline, f"the page never made {expression} true"
            time.sleep(0.2)

    def click(self, x: float, y: float) -> None:
        """A left click at a point of the window, as a mouse gives it."""
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        time.sleep(0.3)

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """The window, or the whole page however long, as a PNG."""
        if full_page:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
            shot = self.send("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        else:
            shot = self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
