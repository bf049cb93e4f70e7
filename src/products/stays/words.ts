/** "1 adult", "2 adults", "1 child", "3 children": every count a stays message states. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const adults = (n: number) => plural(n, "adult");
export const children = (n: number) => plural(n, "child", "children");
export const rooms = (n: number) => plural(n, "room");
