"""Plain tantivy (the 0.27 Python binding) indexing the same article files as
`newsidx index`: title and body, English stemming, stored, no cleaning or
extraction. Prints one line: articles, seconds, articles/s.

    python3 bench/plain_tantivy.py ARCHIVE_DIR INDEX_DIR THREADS HEAP_MB
"""
import os
import sys
import time

import tantivy

root, index_dir, threads, heap_mb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = time.perf_counter()
builder = tantivy.SchemaBuilder()
builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
builder.add_text_field("path", stored=True, tokenizer_name="raw")
schema = builder.build()
os.makedirs(index_dir, exist_ok=True)
index = tantivy.Index(schema, path=index_dir)
writer = index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
n = 0
for dirpath, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".txt"):
            continue
        path = os.path.join(dirpath, name)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        title, _, body = text.partition("\n")
        writer.add_document(tantivy.Document(title=title.strip(), body=body, path=path))
        n += 1
writer.commit()
writer.wait_merging_threads()
secs = time.perf_counter() - start
print(f"{n} {secs:.2f} {n / secs:.0f}")
