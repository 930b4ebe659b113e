import { ensureRedis } from "../scripts/lib/redis";

export default async function setup() {
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
  await ensureRedis(process.env.REDIS_URL);
}
