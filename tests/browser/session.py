"""What both browser walks share: where Chromium is, how it starts, and a signed-in page with screenshots."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Session:
    """One signed-in browser context; ``shot`` saves a full-page screenshot; console errors fail the test."""

    def __init__(self, browser, base_url: str, name: str, *, password: str, shots: Path = SCREENSHOTS) -> None:
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": 1360, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.name = name
        self.password = password
        self.shots = shots
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def login(self, username: str, *, shot: bool = False) -> None:
        self.page.goto("/accounts/login/")
        if shot:
            self.shot("login")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(self.password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()

    def shot(self, label: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.shots / f"{self.name}-{label}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        csp = [e for e in self.errors if "Content Security Policy" in e]
        assert not csp, csp
        assert not [e for e in self.errors if not e.startswith("Failed to load resource")], self.errors
