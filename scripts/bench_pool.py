"""Python's side of the pool benchmark: multiprocessing.Pool(2).map over
200,000 tiny tasks, the same work as BenchmarkCellMapTiny in Go.
Prints milliseconds per map (median of 5)."""
import multiprocessing
import statistics
import time


def tiny(x):
    return x * x


if __name__ == "__main__":
    xs = list(range(200000))
    with multiprocessing.Pool(2) as p:
        p.map(tiny, xs)  # warm up the workers
        times = []
        for _ in range(5):
            start = time.perf_counter()
            p.map(tiny, xs)
            times.append((time.perf_counter() - start) * 1000)
    print(f"python_pool2_map_200k_ms {statistics.median(times):.1f}")
