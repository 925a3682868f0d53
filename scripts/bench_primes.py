"""CPython's side of the primes benchmark: the primes below 300,000 with the
same isPrime loop as BenchmarkCellPrimes in Go. Prints milliseconds
(median of 3)."""
import statistics
import time


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_primes(n):
    c = 0
    for i in range(n):
        if is_prime(i):
            c += 1
    return c


if __name__ == "__main__":
    times = []
    for _ in range(3):
        start = time.perf_counter()
        count_primes(300000)
        times.append((time.perf_counter() - start) * 1000)
    print(f"python_primes_300k_ms {statistics.median(times):.1f}")
