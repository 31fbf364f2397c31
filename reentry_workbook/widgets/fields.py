"""An item on screen: the input its kind makes, collapsible help, and the inline message."""

from __future__ import annotations

import html

import ipywidgets as W

from ..kinds import Context, item_rules
from ..model import ItemBase


def help_html(text: str, summary: str) -> W.HTML:
    """Collapsible guidance (a native <details>, so it opens with the keyboard too)."""
    return W.HTML(
        f"<details class='rw-help'><summary>{html.escape(summary)}</summary>"
        f"<p>{html.escape(text)}</p></details>"
    )


def prompt_text(ctx: Context, item: ItemBase) -> str:
    """The prompt as shown, with a worded marker for required items."""
    return item.prompt + (ctx.tr("form.required") if item.required else "")


class Field:
    """An item on screen: its input, its collapsible help, and its inline message."""

    def __init__(self, ctx: Context, item: ItemBase) -> None:
        self.item = item
        self.input = item_rules(item).widget(ctx, item, prompt_text(ctx, item))
        self.message = W.HTML("")
        self.message.add_class("rw-message")
        parts: list[W.Widget] = [self.input.widget, *self.input.extras]
        if item.help:
            parts.append(help_html(item.help, ctx.tr("form.more_about")))
        parts.append(self.message)
        self.box = W.VBox(parts)
        self.box.add_class("rw-item")
        self.box.add_class(f"rw-item-{item.id}")
        self.box.add_class(f"rw-kind-{item.kind}")

    def show_messages(self, messages: list[str]) -> None:
        """Show plain-language problems under the item (text and an icon, not colour alone)."""
        if self.input.error:
            messages = [self.input.error, *messages]
        self.message.value = "".join(
            f"<div class='rw-problem' role='status'>⚠ {html.escape(m)}</div>"
            for m in dict.fromkeys(messages)
        )

    def set_visible(self, visible: bool) -> None:
        """Show or hide the item (for visible_if)."""
        self.box.layout.display = None if visible else "none"

    def refresh_options(self) -> None:
        """Re-read pick lists that show another list's records."""
        refresh = getattr(self.input, "refresh", None) or getattr(
            self.input, "refresh_options", None
        )
        if callable(refresh):
            refresh()
