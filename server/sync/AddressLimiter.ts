/** Counts open connections per remote address, so one address cannot exhaust the server. */
export class AddressLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Reserves a slot; false when the address is at its limit. Release it when the socket closes. */
  acquire(address: string): boolean {
    const n = this.open.get(address) ?? 0;
    if (this.max > 0 && n >= this.max) return false;
    this.open.set(address, n + 1);
    return true;
  }

  release(address: string): void {
    const n = (this.open.get(address) ?? 1) - 1;
    if (n <= 0) this.open.delete(address);
    else this.open.set(address, n);
  }
}
