"""Draws the app icon (a white arrow moving into a box, on Webex-like blue) in every
size Tauri's bundler wants. Run: python3 icons/generate.py (needs Pillow)."""
from pathlib import Path
from PIL import Image, ImageDraw

HERE = Path(__file__).parent


def draw(size: int) -> Image.Image:
    s = 1024
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32, 32, s - 32, s - 32), radius=200, fill=(0, 82, 155, 255))
    # the box (a destination) on the right
    d.rounded_rectangle((560, 300, 820, 724), radius=40, outline=(255, 255, 255, 255), width=56)
    # the arrow moving into it
    d.rectangle((200, 472, 560, 552), fill=(255, 255, 255, 255))
    d.polygon([(520, 372), (700, 512), (520, 652)], fill=(255, 255, 255, 255))
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    draw(32).save(HERE / "32x32.png")
    draw(128).save(HERE / "128x128.png")
    draw(256).save(HERE / "128x128@2x.png")
    draw(512).save(HERE / "icon.png")
    draw(256).save(HERE / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    draw(1024).save(HERE / "icon.icns")
    for n in (30, 44, 71, 89, 107, 142, 150, 284, 310):
        draw(n).save(HERE / f"Square{n}x{n}Logo.png")
    draw(50).save(HERE / "StoreLogo.png")


if __name__ == "__main__":
    main()
