// The sandbox's web chat: play simulated Telegram users against the bot through the driver API
// (/sandbox/api). Every piece of text from the bot goes into the page as text nodes, never as HTML.
"use strict";

const API = "/sandbox/api";
const page = { bot: null, user: null, users: [], events: null, language: browserLanguage() };
const $ = (id) => document.getElementById(id);

// --- the page's own words ------------------------------------------------------------------------
// The page speaks the chosen person's language (before one is chosen, the browser's), as Telegram's own app
// would. Its words live here, not in the product's gettext catalogs: the page is the sandbox's stand-in for
// Telegram, a static file with no build step, and none of these words are the product's.

const WORDS = {
  zh: {
    "Chat sandbox": "聊天沙盒",
    "Admin web ↗": "管理后台 ↗",
    "People": "用户",
    "Add a person": "添加用户",
    "First name": "名字",
    "Username": "用户名",
    "optional": "可选",
    "Language": "语言",
    "Add person": "添加",
    "Everyone starts as a customer. To play a buyer, send /sell and apply, then verify the application in the admin web; or pick one of the demo buyers.":
      "新用户都是顾客。要扮演买手，请发送 /sell 并申请，再到管理后台审核通过；或选一位演示买手。",
    "Pick a person to chat as": "选择一位用户开始聊天",
    "Chat": "聊天",
    "Send a photo": "发送图片",
    "Photo": "图片",
    "Message": "消息",
    "Send": "发送",
    "Reply keyboard": "回复键盘",
    "OK": "好",
    "Waiting for the bot to connect to the sandbox…": "正在等待机器人连接沙盒……",
    "The payment was declined.": "付款被拒绝。",
    "The bot did not confirm the payment in time.": "机器人没有及时确认付款。",
    "Inline mode is not played by this page": "本页面不支持内联模式",
    "Pay {price}": "支付 {price}",
    "Paid": "已支付",
    "You paid {price}": "您已支付 {price}",
    "edited": "已编辑",
    "file": "文件",
    "No messages yet. Send /start to begin.": "还没有消息。发送 /start 开始。",
  },
};

function browserLanguage() {
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

function t(words, values = {}) {
  const said = (WORDS[page.language] || {})[words] || words;
  return said.replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

const english = new WeakMap(); // element → its words as written in chat.html

function speak(language) {
  page.language = language;
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-t]")) {
    if (!english.has(node)) {
      english.set(node, Object.fromEntries(node.dataset.t.split(" ").map(
        (name) => [name, name === "text" ? node.textContent : node.getAttribute(name)],
      )));
    }
    for (const [name, words] of Object.entries(english.get(node))) {
      if (name === "text") node.textContent = t(words);
      else node.setAttribute(name, t(words));
    }
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function call(method, path, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(API + path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function chatPath(action) {
  return `/bots/${page.bot.id}/chats/${page.user.id}/${action}`;
}

function fileUrl(fileId) {
  return `${API}/bots/${page.bot.id}/files/${encodeURIComponent(fileId)}`;
}

// --- notices ------------------------------------------------------------------------------------

let noticeTimer = null;

function notify(text, asAlert = false) {
  const notice = $("notice");
  clearTimeout(noticeTimer);
  notice.replaceChildren(el("span", null, text));
  notice.hidden = false;
  if (asAlert) {
    const ok = el("button", null, t("OK"));
    ok.type = "button";
    ok.addEventListener("click", () => { notice.hidden = true; });
    notice.append(ok);
  } else {
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 4000);
  }
}

async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    notify(error.message, true);
    return null;
  }
}

// --- the bot and the people -----------------------------------------------------------------------

async function findBot() {
  const bots = await call("GET", "/bots").catch(() => []);
  if (!bots.length) {
    $("bot-status").textContent = t("Waiting for the bot to connect to the sandbox…");
    setTimeout(findBot, 1000);
    return;
  }
  page.bot = bots[0];
  $("bot-status").textContent = "";
  const wanted = Number(new URLSearchParams(location.hash.slice(1)).get("user"));
  const user = page.users.find((u) => u.id === wanted);
  if (user) choose(user);
}

async function loadUsers() {
  page.users = await call("GET", "/users").catch(() => page.users);
  const list = $("users");
  list.replaceChildren(...page.users.map((user) => {
    const item = el("li");
    const button = el("button", null, user.first_name + (user.last_name ? ` ${user.last_name}` : ""));
    button.type = "button";
    button.append(" ", el("small", null, [user.username ? `@${user.username}` : "", user.language_code || ""].filter(Boolean).join(" · ")));
    button.setAttribute("aria-current", String(page.user !== null && page.user.id === user.id));
    button.addEventListener("click", () => choose(user));
    item.append(button);
    return item;
  }));
}

function choose(user) {
  if (!page.bot) return;
  page.user = user;
  speak((user.language_code || "").toLowerCase().startsWith("zh") ? "zh" : "en");
  history.replaceState(null, "", `#user=${user.id}`);
  $("chat-title").textContent = `${user.first_name} ↔ @${page.bot.username}`;
  $("composer").hidden = false;
  $("messages").replaceChildren();
  $("reply-keyboard").replaceChildren();
  loadUsers();
  if (page.events) page.events.close();
  page.events = new EventSource(API + chatPath("events"));
  page.events.onmessage = (event) => show(JSON.parse(event.data));
}

$("add-user").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = Object.fromEntries(new FormData(form));
  const user = await attempt(() => call("POST", "/users", body));
  if (!user) return;
  form.reset();
  form.elements.language_code.value = body.language_code; // the next person likely speaks it too
  await loadUsers();
  choose(user);
});

// --- what the user sends -------------------------------------------------------------------------

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("text");
  const text = input.value;
  if (!text.trim()) return;
  input.value = "";
  if (await attempt(() => call("POST", chatPath("messages"), { text })) === null) input.value = text;
});

$("photo").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append("photo", file, file.name);
  const caption = $("text").value.trim();
  if (caption) form.append("caption", caption);
  if (await attempt(() => call("POST", chatPath("photos"), form)) !== null) $("text").value = "";
  event.target.value = "";
});

function isBotLink(url) {
  const bot = page.bot.username.toLowerCase();
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "tg:") return (parsed.searchParams.get("domain") || "").toLowerCase() === bot;
    return parsed.hostname === "t.me" && parsed.pathname.slice(1).split("/")[0].toLowerCase() === bot;
  } catch {
    return false;
  }
}

function openLink(url) {
  if (isBotLink(url)) {
    attempt(() => call("POST", chatPath("link"), { url }));
  } else if (/^https?:/i.test(url)) {
    window.open(url, "_blank", "noopener");
  }
}

async function press(message, button) {
  if (button.url) return openLink(button.url);
  const answer = await attempt(() => call("POST", chatPath("press"), { message_id: message.message_id, text: button.text }));
  if (answer && answer.text) notify(answer.text, answer.show_alert);
  if (answer && answer.url) openLink(answer.url);
}

async function pay(message) {
  const outcome = await attempt(() => call("POST", chatPath("pay"), { message_id: message.message_id }));
  if (outcome && outcome.status === "declined") notify(outcome.error_message || t("The payment was declined."), true);
  if (outcome && outcome.status === "timed_out") notify(t("The bot did not confirm the payment in time."), true);
}

// --- what the user sees --------------------------------------------------------------------------

const ENTITY_TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  blockquote: "blockquote", expandable_blockquote: "blockquote",
};

// Text with Telegram entities (UTF-16 offsets, as JavaScript strings count) as DOM nodes. `commands`: whether
// /commands in plain text become links, as Telegram marks them in a bot's messages (not inside code or links).
function formatted(text, entities, start = 0, end = text.length, commands = true) {
  const nodes = [];
  let at = start;
  const inside = entities
    .filter((e) => e.offset >= start && e.offset + e.length <= end)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  for (const entity of inside) {
    if (entity.offset < at) continue; // nested: rendered by its parent
    if (entity.offset > at) nodes.push(...plain(text.slice(at, entity.offset), commands));
    const stop = entity.offset + entity.length;
    const node = entityNode(entity, text.slice(entity.offset, stop));
    const nested = inside.filter((e) => e !== entity && e.offset >= entity.offset && e.offset + e.length <= stop);
    node.append(...formatted(text, nested, entity.offset, stop, commands && !WHOLE_ENTITIES.has(entity.type)));
    nodes.push(node);
    at = stop;
  }
  if (at < end) nodes.push(...plain(text.slice(at, end), commands));
  return nodes;
}

const WHOLE_ENTITIES = new Set(["code", "pre", "url", "text_link", "bot_command", "email", "mention"]);
// A command as Telegram finds one: a slash after a space or punctuation (not inside a path), then up to 64 letters,
// digits or underscores, and maybe @the_bot.
const COMMAND = /(?<![\w/.@])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])/g;

function plain(text, commands) {
  if (!commands) return [document.createTextNode(text)];
  const nodes = [];
  let at = 0;
  for (const found of text.matchAll(COMMAND)) {
    if (found.index > at) nodes.push(document.createTextNode(text.slice(at, found.index)));
    nodes.push(commandLink(found[0], found[0]));
    at = found.index + found[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

// A tap on a command sends it, as in Telegram's private chats. `text`: the link's own text (none when an entity's
// nested formatting makes it).
function commandLink(command, text) {
  const link = el("a", "bot_command", text);
  link.href = "#";
  link.addEventListener("click", (event) => {
    event.preventDefault();
    attempt(() => call("POST", chatPath("messages"), { text: command }));
  });
  return link;
}

function entityNode(entity, content) {
  if (entity.type === "text_link" || entity.type === "url") {
    const link = el("a");
    const url = entity.type === "url" ? content : entity.url;
    link.href = /^(https?|tg):/i.test(url) ? url : "#";
    link.addEventListener("click", (event) => { event.preventDefault(); openLink(url); });
    return link;
  }
  if (entity.type === "bot_command") return commandLink(content);
  if (entity.type === "spoiler") return el("span", "spoiler");
  return el(ENTITY_TAGS[entity.type] || "span", entity.type);
}

function money(minorUnits, currency) {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  const amount = new Intl.NumberFormat(page.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${amount.format(minorUnits / 10 ** digits)} ${currency}`;
}

function keyboardNode(rows, onPress) {
  const keyboard = el("div", "keyboard");
  for (const row of rows) {
    const line = el("div", "row");
    for (const button of row) {
      const label = typeof button === "string" ? button : button.text;
      const node = el("button", null, label + (button.url ? " ↗" : ""));
      node.type = "button";
      const usable = typeof button === "string" || !("switch_inline_query" in button || "switch_inline_query_current_chat" in button || "switch_inline_query_chosen_chat" in button);
      if (usable) node.addEventListener("click", () => onPress(button));
      else { node.disabled = true; node.title = t("Inline mode is not played by this page"); }
      line.append(node);
    }
    keyboard.append(line);
  }
  return keyboard;
}

function invoiceNode(message) {
  const invoice = message.invoice;
  const box = el("div", "invoice");
  box.append(el("strong", null, invoice.title), el("div", null, invoice.description));
  const price = money(invoice.total_amount, invoice.currency);
  box.append(el("div", "price", price));
  const button = el("button", null, message.paid ? t("Paid") : t("Pay {price}", { price }));
  button.type = "button";
  button.disabled = message.paid;
  button.addEventListener("click", () => { button.disabled = true; pay(message).finally(() => { button.disabled = false; }); });
  const keyboard = el("div", "keyboard");
  keyboard.append(button);
  box.append(keyboard);
  return box;
}

function messageNode(message) {
  if (message.successful_payment) {
    const paid = message.successful_payment;
    return el("li", "service", t("You paid {price}", { price: money(paid.total_amount, paid.currency) }));
  }
  const node = el("li", `message ${message.from_bot ? "from-bot" : "from-user"}`);
  node.dataset.messageId = message.message_id;
  if (message.photo.length) {
    const image = el("img", "photo");
    image.src = fileUrl(message.photo[message.photo.length - 1].file_id);
    image.alt = t("Photo");
    node.append(image);
  }
  if (message.document) {
    const link = el("a", null, `📄 ${message.document.file_name || t("file")}`);
    link.href = fileUrl(message.document.file_id);
    link.target = "_blank";
    node.append(link);
  }
  const text = message.text ?? message.caption;
  if (text) node.append(el("div", "text"));
  if (text) node.lastChild.append(...formatted(text, message.entities || []));
  if (message.invoice) node.append(invoiceNode(message));
  const inline = (message.reply_markup || {}).inline_keyboard;
  if (inline) node.append(keyboardNode(inline, (button) => press(message, button)));
  const time = new Date(message.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  node.append(el("div", "meta", (message.edited ? `${t("edited")} ` : "") + time));
  return node;
}

function show(chat) {
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...(chat.messages.length ? chat.messages.map(messageNode)
    : [el("li", "empty")]));
  if (!chat.messages.length) list.firstChild.append(...plain(t("No messages yet. Send /start to begin."), true));
  const reply = chat.reply_keyboard;
  $("reply-keyboard").replaceChildren(
    ...(reply && reply.keyboard ? [keyboardNode(reply.keyboard, (button) => {
      const text = typeof button === "string" ? button : button.text;
      attempt(() => call("POST", chatPath("reply"), { text }));
    })] : []),
  );
  // Once the reply keyboard has taken its room, and again as each photo arrives: both shrink what was the bottom.
  if (atBottom) {
    const toBottom = () => { list.scrollTop = list.scrollHeight; };
    toBottom();
    list.querySelectorAll("img").forEach((img) => img.addEventListener("load", toBottom, { once: true }));
  }
}

// --- start ---------------------------------------------------------------------------------------

call("GET", "/links").then((links) => {
  if (links.admin_url) {
    $("admin-link").href = links.admin_url;
    $("admin-link").hidden = false;
  }
}).catch(() => {});
speak(page.language);
$("add-user").elements.language_code.value = page.language;
loadUsers().then(findBot);
setInterval(loadUsers, 5000);
