// Live updates for staff screens: order events pushed to whoever is subscribed (the desktop's
// dashboard and orders list, over SSE). In one process an EventEmitter carries them; with Redis,
// every API process publishes to one channel and relays what it hears to its own subscribers,
// so a subscriber on any process sees events from all of them.
import { EventEmitter, on } from 'node:events';
import { logConnectionErrors, type Redis } from './redis';

export interface LiveOrderEvent {
  /** The order event: order.placed, order.pay, order.ship… */
  type: string;
  orderId: string;
  number: string;
  status: string;
  at: Date;
}

export interface LiveBus {
  publish(event: LiveOrderEvent): Promise<void>;
  /** Events from now on, until `signal` aborts. */
  subscribe(signal: AbortSignal | undefined): AsyncGenerator<LiveOrderEvent>;
  close(): Promise<void>;
}

async function* relay(
  emitter: EventEmitter,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveOrderEvent> {
  try {
    for await (const [event] of on(emitter, 'order', { signal })) yield event as LiveOrderEvent;
  } catch (error) {
    if ((error as { name?: string }).name !== 'AbortError') throw error;
  }
}

export function localLiveBus(): LiveBus {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(event) {
      emitter.emit('order', event);
    },
    subscribe: (signal) => relay(emitter, signal),
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export function redisLiveBus(redis: Redis, channel: string): LiveBus {
  const emitter = new EventEmitter().setMaxListeners(0);
  // A subscribed connection can do nothing else: a connection of its own, opened on first use.
  let subscriber: Redis | null = null;
  const listen = async () => {
    if (subscriber) return;
    subscriber = logConnectionErrors(redis.duplicate(), undefined, 'live');
    subscriber.on('message', (_channel: string, message: string) => {
      const parsed = JSON.parse(message) as LiveOrderEvent;
      emitter.emit('order', { ...parsed, at: new Date(parsed.at) });
    });
    await subscriber.subscribe(channel);
  };
  return {
    async publish(event) {
      await redis.publish(channel, JSON.stringify(event));
    },
    async *subscribe(signal) {
      await listen();
      yield* relay(emitter, signal);
    },
    async close() {
      emitter.removeAllListeners();
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}
