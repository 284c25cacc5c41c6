/** The words of the ledger screen: signed tree heads, entries and inclusion proofs. */
import type { Catalogue } from "../languages.js";

const en = {
  "audit.heading": "Ledger",
  "audit.intro":
    "Every change this node makes is recorded in an append-only ledger. The node signs the ledger's state as a tree head, so anyone holding a signed head can check that no entry was altered or removed.",
  "audit.head.heading": "Latest signed tree head",
  "audit.head.log": "Log identifier",
  "audit.head.size": "Size (entries)",
  "audit.head.root": "Root hash",
  "audit.head.time": "Signed at",
  "audit.head.signature": "Signature",
  "audit.head.signatureStatus":
    "Ed25519 signature by this node's signing key, as returned by the node; your browser does not check it.",
  "audit.head.showSignature": "Show the signature",
  "audit.head.covered": "This head covers every entry of the ledger.",
  "audit.head.uncovered": "Entries after the first {size} are not yet covered by a signed tree head.",
  "audit.head.verifyHint": "To check the signatures and every entry independently, run on the node:",
  "audit.head.signNow": "Sign tree head now",
  "audit.head.signed": "Tree head signed; ledger size {size}.",
  "audit.entries.heading": "Entries",
  "audit.entries.pages": "Ledger pages",
  "audit.entries.newer": "Newer entries",
  "audit.entries.older": "Older entries",
  "audit.entries.filter": "Event type starts with",
  "audit.entries.filterHint": "For example request. or user. — filters the entries of this page.",
  "audit.entries.matching": "Matching entries on this page: {shown} of {total}.",
  "audit.entries.none": "No entries.",
  "audit.entries.caption": "Ledger entries {first} to {last}, newest first",
  "audit.entries.index": "Index",
  "audit.entries.time": "Time",
  "audit.entries.type": "Event type",
  "audit.entries.actor": "Actor",
  "audit.entries.summary": "Summary",
  "audit.entries.proofColumn": "Proof",
  "audit.entries.details": "Details",
  "audit.entries.proof": "Inclusion proof",
  "audit.entries.proofOf": "Inclusion proof of entry {index}",
  "audit.proof.byNode":
    "Computed by this node: entry {index} is included in its ledger at size {size}. From the entry's leaf hash, the proof hashes lead to the root below.",
  "audit.proof.leafHash": "Leaf hash",
  "audit.proof.root": "Root hash",
  "audit.proof.matchesHead":
    "This root is the root of the latest signed tree head (size {size}): the entry is part of what the node signed.",
  "audit.proof.differsFromHead":
    "This root differs from the root of the signed tree head of size {size}. Report this at once: the ledger may have been altered.",
  "audit.proof.notSigned":
    "No signed tree head covers this entry yet, so the proof is against the current ledger. Sign the tree head to cover it.",
  "audit.proof.showHashes": "Proof hashes ({count})",
  "audit.proof.notBrowser":
    "Your browser did not recompute this proof; to check it independently, use the ledger verification command above.",
} as const;

type Messages = Readonly<Record<keyof typeof en, string>>;

const fr: Messages = {
  "audit.heading": "Registre",
  "audit.intro":
    "Chaque modification effectuée par ce nœud est consignée dans un registre en ajout seul. Le nœud signe l'état du registre sous forme de tête d'arbre : quiconque détient une tête signée peut vérifier qu'aucune entrée n'a été modifiée ni supprimée.",
  "audit.head.heading": "Dernière tête d'arbre signée",
  "audit.head.log": "Identifiant du journal",
  "audit.head.size": "Taille (entrées)",
  "audit.head.root": "Empreinte racine",
  "audit.head.time": "Signée le",
  "audit.head.signature": "Signature",
  "audit.head.signatureStatus":
    "Signature Ed25519 par la clé de signature de ce nœud, telle que renvoyée par le nœud ; votre navigateur ne la vérifie pas.",
  "audit.head.showSignature": "Afficher la signature",
  "audit.head.covered": "Cette tête couvre toutes les entrées du registre.",
  "audit.head.uncovered":
    "Les entrées au-delà des {size} premières ne sont pas encore couvertes par une tête d'arbre signée.",
  "audit.head.verifyHint":
    "Pour vérifier de manière indépendante les signatures et chaque entrée, exécutez sur le nœud :",
  "audit.head.signNow": "Signer la tête d'arbre maintenant",
  "audit.head.signed": "Tête d'arbre signée ; taille du registre : {size}.",
  "audit.entries.heading": "Entrées",
  "audit.entries.pages": "Pages du registre",
  "audit.entries.newer": "Entrées plus récentes",
  "audit.entries.older": "Entrées plus anciennes",
  "audit.entries.filter": "Le type d'événement commence par",
  "audit.entries.filterHint": "Par exemple request. ou user. — filtre les entrées de cette page.",
  "audit.entries.matching": "Entrées correspondantes sur cette page : {shown} sur {total}.",
  "audit.entries.none": "Aucune entrée.",
  "audit.entries.caption": "Entrées {first} à {last} du registre, les plus récentes d'abord",
  "audit.entries.index": "Numéro",
  "audit.entries.time": "Date et heure",
  "audit.entries.type": "Type d'événement",
  "audit.entries.actor": "Auteur",
  "audit.entries.summary": "Résumé",
  "audit.entries.proofColumn": "Preuve",
  "audit.entries.details": "Détails",
  "audit.entries.proof": "Preuve d'inclusion",
  "audit.entries.proofOf": "Preuve d'inclusion de l'entrée {index}",
  "audit.proof.byNode":
    "Calculée par ce nœud : l'entrée {index} figure dans son registre à la taille {size}. À partir de l'empreinte de la feuille, les empreintes de la preuve mènent à la racine ci-dessous.",
  "audit.proof.leafHash": "Empreinte de la feuille",
  "audit.proof.root": "Empreinte racine",
  "audit.proof.matchesHead":
    "Cette racine est celle de la dernière tête d'arbre signée (taille {size}) : l'entrée fait partie de ce que le nœud a signé.",
  "audit.proof.differsFromHead":
    "Cette racine diffère de celle de la tête d'arbre signée de taille {size}. Signalez-le immédiatement : le registre a peut-être été altéré.",
  "audit.proof.notSigned":
    "Aucune tête d'arbre signée ne couvre encore cette entrée : la preuve porte sur le registre actuel. Signez la tête d'arbre pour la couvrir.",
  "audit.proof.showHashes": "Empreintes de la preuve ({count})",
  "audit.proof.notBrowser":
    "Votre navigateur n'a pas recalculé cette preuve ; pour la vérifier de manière indépendante, utilisez la commande de vérification du registre ci-dessus.",
};

const es: Messages = {
  "audit.heading": "Registro",
  "audit.intro":
    "Cada cambio que realiza este nodo se consigna en un registro de solo adición. El nodo firma el estado del registro como cabeza de árbol, de modo que quien tenga una cabeza firmada puede comprobar que ninguna entrada se alteró ni se suprimió.",
  "audit.head.heading": "Última cabeza de árbol firmada",
  "audit.head.log": "Identificador del registro",
  "audit.head.size": "Tamaño (entradas)",
  "audit.head.root": "Hash raíz",
  "audit.head.time": "Firmada el",
  "audit.head.signature": "Firma",
  "audit.head.signatureStatus":
    "Firma Ed25519 con la clave de firma de este nodo, tal como la devuelve el nodo; su navegador no la verifica.",
  "audit.head.showSignature": "Mostrar la firma",
  "audit.head.covered": "Esta cabeza abarca todas las entradas del registro.",
  "audit.head.uncovered":
    "Las entradas posteriores a las {size} primeras aún no están abarcadas por una cabeza de árbol firmada.",
  "audit.head.verifyHint":
    "Para verificar de forma independiente las firmas y cada entrada, ejecute en el nodo:",
  "audit.head.signNow": "Firmar la cabeza de árbol ahora",
  "audit.head.signed": "Cabeza de árbol firmada; tamaño del registro: {size}.",
  "audit.entries.heading": "Entradas",
  "audit.entries.pages": "Páginas del registro",
  "audit.entries.newer": "Entradas más recientes",
  "audit.entries.older": "Entradas más antiguas",
  "audit.entries.filter": "El tipo de evento empieza por",
  "audit.entries.filterHint": "Por ejemplo request. o user. — filtra las entradas de esta página.",
  "audit.entries.matching": "Entradas coincidentes en esta página: {shown} de {total}.",
  "audit.entries.none": "No hay entradas.",
  "audit.entries.caption": "Entradas {first} a {last} del registro, las más recientes primero",
  "audit.entries.index": "Número",
  "audit.entries.time": "Fecha y hora",
  "audit.entries.type": "Tipo de evento",
  "audit.entries.actor": "Autor",
  "audit.entries.summary": "Resumen",
  "audit.entries.proofColumn": "Prueba",
  "audit.entries.details": "Detalles",
  "audit.entries.proof": "Prueba de inclusión",
  "audit.entries.proofOf": "Prueba de inclusión de la entrada {index}",
  "audit.proof.byNode":
    "Calculada por este nodo: la entrada {index} está incluida en su registro con tamaño {size}. A partir del hash de hoja de la entrada, los hashes de la prueba conducen a la raíz indicada abajo.",
  "audit.proof.leafHash": "Hash de hoja",
  "audit.proof.root": "Hash raíz",
  "audit.proof.matchesHead":
    "Esta raíz es la de la última cabeza de árbol firmada (tamaño {size}): la entrada forma parte de lo que el nodo firmó.",
  "audit.proof.differsFromHead":
    "Esta raíz difiere de la de la cabeza de árbol firmada de tamaño {size}. Comuníquelo de inmediato: es posible que el registro se haya alterado.",
  "audit.proof.notSigned":
    "Ninguna cabeza de árbol firmada abarca aún esta entrada, por lo que la prueba se refiere al registro actual. Firme la cabeza de árbol para abarcarla.",
  "audit.proof.showHashes": "Hashes de la prueba ({count})",
  "audit.proof.notBrowser":
    "Su navegador no ha recalculado esta prueba; para verificarla de forma independiente, utilice el comando de verificación del registro indicado arriba.",
};

const ru: Messages = {
  "audit.heading": "Журнал",
  "audit.intro":
    "Каждое изменение, вносимое этим узлом, фиксируется в журнале, допускающем только добавление записей. Узел подписывает состояние журнала в виде вершины дерева, поэтому любой, у кого есть подписанная вершина, может проверить, что ни одна запись не была изменена или удалена.",
  "audit.head.heading": "Последняя подписанная вершина дерева",
  "audit.head.log": "Идентификатор журнала",
  "audit.head.size": "Размер (записей)",
  "audit.head.root": "Корневой хеш",
  "audit.head.time": "Подписана",
  "audit.head.signature": "Подпись",
  "audit.head.signatureStatus":
    "Подпись Ed25519 ключом подписи этого узла в том виде, в каком её вернул узел; ваш браузер её не проверяет.",
  "audit.head.showSignature": "Показать подпись",
  "audit.head.covered": "Эта вершина охватывает все записи журнала.",
  "audit.head.uncovered": "Записи после первых {size} пока не охвачены подписанной вершиной дерева.",
  "audit.head.verifyHint": "Чтобы независимо проверить подписи и каждую запись, выполните на узле:",
  "audit.head.signNow": "Подписать вершину дерева сейчас",
  "audit.head.signed": "Вершина дерева подписана; размер журнала: {size}.",
  "audit.entries.heading": "Записи",
  "audit.entries.pages": "Страницы журнала",
  "audit.entries.newer": "Более новые записи",
  "audit.entries.older": "Более старые записи",
  "audit.entries.filter": "Тип события начинается с",
  "audit.entries.filterHint": "Например, request. или user. — фильтрует записи этой страницы.",
  "audit.entries.matching": "Подходящих записей на этой странице: {shown} из {total}.",
  "audit.entries.none": "Записей нет.",
  "audit.entries.caption": "Записи журнала с {first} по {last}, сначала новые",
  "audit.entries.index": "Номер",
  "audit.entries.time": "Время",
  "audit.entries.type": "Тип события",
  "audit.entries.actor": "Исполнитель",
  "audit.entries.summary": "Сводка",
  "audit.entries.proofColumn": "Доказательство",
  "audit.entries.details": "Подробности",
  "audit.entries.proof": "Доказательство включения",
  "audit.entries.proofOf": "Доказательство включения записи {index}",
  "audit.proof.byNode":
    "Вычислено этим узлом: запись {index} включена в его журнал размером {size}. От хеша листа записи хеши доказательства ведут к приведённому ниже корню.",
  "audit.proof.leafHash": "Хеш листа",
  "audit.proof.root": "Корневой хеш",
  "audit.proof.matchesHead":
    "Этот корень совпадает с корнем последней подписанной вершины дерева (размер {size}): запись входит в то, что подписал узел.",
  "audit.proof.differsFromHead":
    "Этот корень отличается от корня подписанной вершины дерева размером {size}. Немедленно сообщите об этом: журнал мог быть изменён.",
  "audit.proof.notSigned":
    "Эта запись пока не охвачена ни одной подписанной вершиной дерева, поэтому доказательство построено для текущего журнала. Подпишите вершину дерева, чтобы охватить её.",
  "audit.proof.showHashes": "Хеши доказательства ({count})",
  "audit.proof.notBrowser":
    "Ваш браузер не пересчитывал это доказательство; чтобы проверить его независимо, используйте приведённую выше команду проверки журнала.",
};

const zh: Messages = {
  "audit.heading": "账本",
  "audit.intro":
    "本节点的每一项变更都记录在只能追加的账本中。节点以树头的形式对账本状态签名，因此任何持有已签名树头的人都可以核实没有条目被篡改或删除。",
  "audit.head.heading": "最新的已签名树头",
  "audit.head.log": "日志标识",
  "audit.head.size": "大小（条目数）",
  "audit.head.root": "根哈希值",
  "audit.head.time": "签署时间",
  "audit.head.signature": "签名",
  "audit.head.signatureStatus":
    "由本节点签名密钥生成的 Ed25519 签名，按节点返回的内容显示；您的浏览器不对其进行核验。",
  "audit.head.showSignature": "显示签名",
  "audit.head.covered": "此树头涵盖账本的全部条目。",
  "audit.head.uncovered": "前 {size} 个条目之后的条目尚未被已签名树头涵盖。",
  "audit.head.verifyHint": "如需独立核验签名和每个条目，请在节点上执行：",
  "audit.head.signNow": "立即签署树头",
  "audit.head.signed": "树头已签署；账本大小：{size}。",
  "audit.entries.heading": "条目",
  "audit.entries.pages": "账本分页",
  "audit.entries.newer": "较新的条目",
  "audit.entries.older": "较早的条目",
  "audit.entries.filter": "事件类型开头为",
  "audit.entries.filterHint": "例如 request. 或 user.——仅筛选本页的条目。",
  "audit.entries.matching": "本页符合条件的条目：{shown}／{total}。",
  "audit.entries.none": "没有条目。",
  "audit.entries.caption": "账本条目 {first} 至 {last}，最新的在前",
  "audit.entries.index": "编号",
  "audit.entries.time": "时间",
  "audit.entries.type": "事件类型",
  "audit.entries.actor": "操作者",
  "audit.entries.summary": "摘要",
  "audit.entries.proofColumn": "证明",
  "audit.entries.details": "详情",
  "audit.entries.proof": "包含证明",
  "audit.entries.proofOf": "条目 {index} 的包含证明",
  "audit.proof.byNode":
    "由本节点计算：条目 {index} 包含在其大小为 {size} 的账本中。从该条目的叶哈希值出发，证明中的哈希值可推导出下方的根。",
  "audit.proof.leafHash": "叶哈希值",
  "audit.proof.root": "根哈希值",
  "audit.proof.matchesHead": "此根即最新已签名树头（大小 {size}）的根：该条目属于节点已签署的内容。",
  "audit.proof.differsFromHead": "此根与大小为 {size} 的已签名树头的根不一致。请立即报告：账本可能已被篡改。",
  "audit.proof.notSigned": "尚无已签名树头涵盖此条目，因此该证明针对的是当前账本。请签署树头以涵盖该条目。",
  "audit.proof.showHashes": "证明哈希值（{count}）",
  "audit.proof.notBrowser": "您的浏览器并未重新计算此证明；如需独立核验，请使用上方的账本核验命令。",
};

const ar: Messages = {
  "audit.heading": "السجل",
  "audit.intro":
    "يُدوَّن كل تغيير تجريه هذه العقدة في سجل لا يقبل إلا الإضافة. وتوقّع العقدة حالة السجل في صورة رأس شجرة، فيستطيع كل من يحوز رأسًا موقَّعًا أن يتحقق من أن أي قيد لم يُعدَّل ولم يُحذف.",
  "audit.head.heading": "أحدث رأس شجرة موقَّع",
  "audit.head.log": "معرّف السجل",
  "audit.head.size": "الحجم (عدد القيود)",
  "audit.head.root": "القيمة المجزأة للجذر",
  "audit.head.time": "وقت التوقيع",
  "audit.head.signature": "التوقيع",
  "audit.head.signatureStatus":
    "توقيع Ed25519 بمفتاح التوقيع الخاص بهذه العقدة، كما أعادته العقدة؛ لا يتحقق منه متصفحك.",
  "audit.head.showSignature": "عرض التوقيع",
  "audit.head.covered": "يشمل هذا الرأس جميع قيود السجل.",
  "audit.head.uncovered": "القيود اللاحقة لأول {size} قيدًا غير مشمولة بعد برأس شجرة موقَّع.",
  "audit.head.verifyHint": "للتحقق المستقل من التوقيعات ومن كل قيد، نفّذ على العقدة:",
  "audit.head.signNow": "توقيع رأس الشجرة الآن",
  "audit.head.signed": "وُقِّع رأس الشجرة؛ حجم السجل: {size}.",
  "audit.entries.heading": "القيود",
  "audit.entries.pages": "صفحات السجل",
  "audit.entries.newer": "قيود أحدث",
  "audit.entries.older": "قيود أقدم",
  "audit.entries.filter": "نوع الحدث يبدأ بـ",
  "audit.entries.filterHint": "مثل request. أو user. — يصفّي قيود هذه الصفحة.",
  "audit.entries.matching": "القيود المطابقة في هذه الصفحة: {shown} من {total}.",
  "audit.entries.none": "لا توجد قيود.",
  "audit.entries.caption": "قيود السجل من {first} إلى {last}، الأحدث أولًا",
  "audit.entries.index": "الرقم",
  "audit.entries.time": "الوقت",
  "audit.entries.type": "نوع الحدث",
  "audit.entries.actor": "الفاعل",
  "audit.entries.summary": "الملخص",
  "audit.entries.proofColumn": "الإثبات",
  "audit.entries.details": "التفاصيل",
  "audit.entries.proof": "إثبات الإدراج",
  "audit.entries.proofOf": "إثبات الإدراج للقيد {index}",
  "audit.proof.byNode":
    "حسبته هذه العقدة: القيد {index} مُدرج في سجلها عند الحجم {size}. وانطلاقًا من القيمة المجزأة لورقة القيد، تؤدي القيم المجزأة للإثبات إلى الجذر المبيَّن أدناه.",
  "audit.proof.leafHash": "القيمة المجزأة للورقة",
  "audit.proof.root": "القيمة المجزأة للجذر",
  "audit.proof.matchesHead":
    "هذا الجذر هو جذر أحدث رأس شجرة موقَّع (الحجم {size}): القيد جزء مما وقّعته العقدة.",
  "audit.proof.differsFromHead":
    "يختلف هذا الجذر عن جذر رأس الشجرة الموقَّع ذي الحجم {size}. أبلغ عن ذلك فورًا: ربما عُدِّل السجل.",
  "audit.proof.notSigned":
    "لا يشمل أي رأس شجرة موقَّع هذا القيد بعد، ولذلك يخص الإثبات السجل الحالي. وقّع رأس الشجرة ليشمله.",
  "audit.proof.showHashes": "القيم المجزأة للإثبات ({count})",
  "audit.proof.notBrowser":
    "لم يُعِد متصفحك حساب هذا الإثبات؛ للتحقق منه بصورة مستقلة، استخدم أمر التحقق من السجل المذكور أعلاه.",
};

export const audit: Catalogue<keyof typeof en> = { en, ar, zh, fr, ru, es };
