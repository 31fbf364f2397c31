"""Test helper process: saves answers in a loop and prints 'ACK i' after each commit."""

import sys

from reentry_workbook.store import open_store


def main() -> None:
    url, response_id, count, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = open_store(url)
    out = sys.stdout
    for i in range(count):
        store.save_answers(response_id, {f"{tag}_{i % 20}": i}, author=tag)
        out.write(f"ACK {i}\n")
        out.flush()


if __name__ == "__main__":
    main()
