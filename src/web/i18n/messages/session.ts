/** The session screens' words: sign-in, second-factor setup, the account page. */
import type { Catalogue } from "../languages.js";

const en = {
  "session.signIn.heading": "Sign in to Rogatory",
  "session.signIn.username": "Username",
  "session.signIn.password": "Password",
  "session.code": "Authentication code",
  "session.signIn.codeHint":
    "Only if you have set one up: the 6-digit code your authenticator app shows now.",
  "session.signIn": "Sign in",
  "session.signIn.failed":
    "Sign-in failed: the username, password or authentication code is wrong, or the account is locked or disabled.",
  "session.error.rateLimited": "Too many attempts. Wait a minute, then try again.",
  "session.error.network": "The node could not be reached. Check your connection and try again.",
  "session.enrol.heading": "Set up your second factor",
  "session.enrol.required":
    "{name}, your role ({role}) requires a second factor. Set it up now; you can use Rogatory as soon as it is confirmed.",
  "session.totp.stepApp":
    "Open an authenticator app on a device you keep with you (a phone or a hardware token).",
  "session.totp.stepKey":
    "Add a new account in the app with this key, or paste the setup address if the app accepts one.",
  "session.totp.secret": "Key",
  "session.totp.uri": "Setup address (otpauth URI)",
  "session.totp.stepCode": "Enter the 6-digit code the app shows, then confirm.",
  "session.totp.codeHint": "The code changes every 30 seconds; enter the one shown now.",
  "session.totp.confirm": "Confirm",
  "session.totp.wrongCode": "The code does not match. Enter the code your app shows now.",
  "session.totp.conflict":
    "This setup is no longer current: it was started again elsewhere, or a second factor is already set up. Reload the page and start again.",
  "session.totp.alreadyEnabled":
    "A second factor is already set up for your account. To replace it, ask an administrator to reset it.",
  "session.totp.enabled":
    "Your second factor is set up. From now on, sign in with your password and the code from your app.",
  "session.account.name": "Name",
  "session.account.username": "Username",
  "session.account.role": "Role",
  "session.account.unit": "Unit",
  "session.account.passwordHeading": "Your password",
  "session.password.current": "Current password",
  "session.password.new": "New password",
  "session.password.again": "Confirm new password",
  "session.password.rule": "At least {min} characters, and not your username.",
  "session.password.submit": "Change password",
  "session.password.changed": "Your password has been changed. Your other sessions have been signed out.",
  "session.password.tooShort": "The new password needs at least {min} characters.",
  "session.password.isUsername": "The new password must not be your username.",
  "session.password.unchanged": "Choose a new password different from the current one.",
  "session.password.mismatch": "The two entries of the new password do not match.",
  "session.password.wrongCurrent": "The current password is wrong. Repeated wrong attempts lock the account.",
  "session.account.factorHeading": "Second factor",
  "session.account.factorSet":
    "A second factor is set up for your account. To replace it (after losing your phone, for example), ask an administrator to reset it.",
  "session.account.noFactor":
    "No second factor is set up. Adding one protects your account should your password ever be disclosed.",
  "session.account.setUpFactor": "Set up a second factor",
  "session.ended.heading": "Your session has ended: sign in again",
  "session.ended.explain":
    "For your security you were signed out (after a period without activity, or because someone signed in or out in another window of this browser). This screen and what you typed on it stay as they are. Sign in, then press your button again: the action you tried was not carried out.",
  "session.ended.leaveHint":
    "Signing out instead leaves this screen: what you typed and did not save is lost.",
  "session.unreachable.heading": "Rogatory cannot reach its node",
} as const;

export const session: Catalogue<keyof typeof en> = {
  en,
  ar: {
    "session.signIn.heading": "تسجيل الدخول إلى Rogatory",
    "session.signIn.username": "اسم المستخدم",
    "session.signIn.password": "كلمة المرور",
    "session.code": "رمز المصادقة",
    "session.signIn.codeHint":
      "فقط إذا كنت قد أعددت عاملاً ثانياً: الرمز المكوَّن من 6 أرقام الذي يعرضه تطبيق المصادقة الآن.",
    "session.signIn": "تسجيل الدخول",
    "session.signIn.failed":
      "تعذَّر تسجيل الدخول: اسم المستخدم أو كلمة المرور أو رمز المصادقة غير صحيح، أو أن الحساب مقفل أو معطَّل.",
    "session.error.rateLimited": "عدد المحاولات كبير جداً. يُرجى الانتظار دقيقة ثم المحاولة مرة أخرى.",
    "session.error.network": "تعذَّر الوصول إلى العقدة. يُرجى التحقق من الاتصال والمحاولة مرة أخرى.",
    "session.enrol.heading": "إعداد العامل الثاني للمصادقة",
    "session.enrol.required":
      "{name}، يتطلب دورك ({role}) عاملاً ثانياً للمصادقة. يُرجى إعداده الآن؛ ويمكنك استخدام Rogatory فور تأكيده.",
    "session.totp.stepApp": "افتح تطبيق مصادقة على جهاز تحتفظ به معك (هاتف أو مفتاح أمان مادي).",
    "session.totp.stepKey":
      "أضف حساباً جديداً في التطبيق باستخدام هذا المفتاح، أو الصق عنوان الإعداد إذا كان التطبيق يقبله.",
    "session.totp.secret": "المفتاح",
    "session.totp.uri": "عنوان الإعداد (otpauth URI)",
    "session.totp.stepCode": "أدخل الرمز المكوَّن من 6 أرقام الذي يعرضه التطبيق، ثم أكِّد.",
    "session.totp.codeHint": "يتغير الرمز كل 30 ثانية؛ أدخل الرمز المعروض الآن.",
    "session.totp.confirm": "تأكيد",
    "session.totp.wrongCode": "الرمز غير مطابق. أدخل الرمز الذي يعرضه تطبيقك الآن.",
    "session.totp.conflict":
      "لم يعد هذا الإعداد سارياً: فقد بُدئ من جديد في مكان آخر، أو أن عاملاً ثانياً مُعَدٌّ بالفعل. أعد تحميل الصفحة وابدأ من جديد.",
    "session.totp.alreadyEnabled":
      "يوجد عامل ثانٍ مُعَدٌّ لحسابك بالفعل. لاستبداله، اطلب من المسؤول إعادة تعيينه.",
    "session.totp.enabled":
      "تم إعداد العامل الثاني. من الآن فصاعداً، سجِّل الدخول بكلمة المرور وبالرمز الذي يعرضه تطبيقك.",
    "session.account.name": "الاسم",
    "session.account.username": "اسم المستخدم",
    "session.account.role": "الدور",
    "session.account.unit": "الوحدة",
    "session.account.passwordHeading": "كلمة المرور الخاصة بك",
    "session.password.current": "كلمة المرور الحالية",
    "session.password.new": "كلمة المرور الجديدة",
    "session.password.again": "تأكيد كلمة المرور الجديدة",
    "session.password.rule": "{min} حرفاً على الأقل، وألا تكون اسم المستخدم.",
    "session.password.submit": "تغيير كلمة المرور",
    "session.password.changed": "تم تغيير كلمة المرور. وأُنهيت جلساتك الأخرى.",
    "session.password.tooShort": "يجب أن تتكون كلمة المرور الجديدة من {min} حرفاً على الأقل.",
    "session.password.isUsername": "يجب ألا تكون كلمة المرور الجديدة هي اسم المستخدم.",
    "session.password.unchanged": "اختر كلمة مرور جديدة تختلف عن كلمة المرور الحالية.",
    "session.password.mismatch": "الإدخالان لكلمة المرور الجديدة غير متطابقين.",
    "session.password.wrongCurrent":
      "كلمة المرور الحالية غير صحيحة. يؤدي تكرار المحاولات الخاطئة إلى قفل الحساب.",
    "session.account.factorHeading": "العامل الثاني للمصادقة",
    "session.account.factorSet":
      "يوجد عامل ثانٍ مُعَدٌّ لحسابك. لاستبداله (عند فقدان هاتفك مثلاً)، اطلب من المسؤول إعادة تعيينه.",
    "session.account.noFactor": "لم يُعَدّ أي عامل ثانٍ. إن إضافته تحمي حسابك إذا كُشفت كلمة المرور في أي وقت.",
    "session.account.setUpFactor": "إعداد عامل ثانٍ",
    "session.ended.heading": "انتهت جلستك: يُرجى تسجيل الدخول مجدداً",
    "session.ended.explain":
      "حرصاً على أمنك، جرى تسجيل خروجك (بعد فترة من عدم النشاط، أو لأن أحداً سجّل الدخول أو الخروج في نافذة أخرى من هذا المتصفح). تبقى هذه الشاشة وما كتبته فيها على حالهما. سجّل الدخول، ثم اضغط الزر الذي كنت قد ضغطته مجدداً: فالإجراء الذي حاولته لم يُنفَّذ.",
    "session.ended.leaveHint": "أما تسجيل الخروج بدلاً من ذلك فيغلق هذه الشاشة، ويضيع ما كتبته ولم تحفظه.",
    "session.unreachable.heading": "يتعذّر على Rogatory الاتصال بالعقدة التابعة له",
  },
  zh: {
    "session.signIn.heading": "登录 Rogatory",
    "session.signIn.username": "用户名",
    "session.signIn.password": "密码",
    "session.code": "身份验证码",
    "session.signIn.codeHint": "仅在您已设置第二重验证时填写：身份验证器应用当前显示的 6 位数字验证码。",
    "session.signIn": "登录",
    "session.signIn.failed": "登录失败：用户名、密码或身份验证码有误，或账户已被锁定或停用。",
    "session.error.rateLimited": "尝试次数过多。请等待一分钟后再试。",
    "session.error.network": "无法连接到节点。请检查网络连接后重试。",
    "session.enrol.heading": "设置第二重验证",
    "session.enrol.required":
      "{name}，您的角色（{role}）要求使用第二重验证。请立即设置；确认后即可使用 Rogatory。",
    "session.totp.stepApp": "在您随身携带的设备（手机或硬件令牌）上打开身份验证器应用。",
    "session.totp.stepKey": "在应用中使用此密钥添加新账户；如应用支持，也可粘贴设置地址。",
    "session.totp.secret": "密钥",
    "session.totp.uri": "设置地址（otpauth URI）",
    "session.totp.stepCode": "输入应用显示的 6 位数字验证码，然后确认。",
    "session.totp.codeHint": "验证码每 30 秒更新一次；请输入当前显示的验证码。",
    "session.totp.confirm": "确认",
    "session.totp.wrongCode": "验证码不匹配。请输入应用当前显示的验证码。",
    "session.totp.conflict":
      "此次设置已失效：设置已在别处重新开始，或第二重验证已经设置。请刷新页面并重新开始。",
    "session.totp.alreadyEnabled": "您的账户已设置第二重验证。如需更换，请联系管理员重置。",
    "session.totp.enabled": "第二重验证已设置。今后登录时，请输入密码和应用显示的验证码。",
    "session.account.name": "姓名",
    "session.account.username": "用户名",
    "session.account.role": "角色",
    "session.account.unit": "单位",
    "session.account.passwordHeading": "您的密码",
    "session.password.current": "当前密码",
    "session.password.new": "新密码",
    "session.password.again": "确认新密码",
    "session.password.rule": "至少 {min} 个字符，且不得与用户名相同。",
    "session.password.submit": "更改密码",
    "session.password.changed": "密码已更改。您的其他会话已退出登录。",
    "session.password.tooShort": "新密码至少需要 {min} 个字符。",
    "session.password.isUsername": "新密码不得与用户名相同。",
    "session.password.unchanged": "请选择与当前密码不同的新密码。",
    "session.password.mismatch": "两次输入的新密码不一致。",
    "session.password.wrongCurrent": "当前密码有误。多次输入错误将导致账户被锁定。",
    "session.account.factorHeading": "第二重验证",
    "session.account.factorSet": "您的账户已设置第二重验证。如需更换（例如手机丢失），请联系管理员重置。",
    "session.account.noFactor": "尚未设置第二重验证。设置后，即使密码泄露，您的账户仍受保护。",
    "session.account.setUpFactor": "设置第二重验证",
    "session.ended.heading": "您的会话已结束：请重新登录",
    "session.ended.explain":
      "为保障安全，您已被退出登录（原因是一段时间内无操作，或有人在本浏览器的另一个窗口中登录或退出登录）。本页面及您在其中输入的内容保持不变。请先登录，然后再次点击您刚才点击的按钮：您尝试的操作尚未执行。",
    "session.ended.leaveHint": "如改为退出登录，将离开本页面，已输入但未保存的内容将会丢失。",
    "session.unreachable.heading": "Rogatory 无法连接到其节点",
  },
  fr: {
    "session.signIn.heading": "Connexion à Rogatory",
    "session.signIn.username": "Nom d'utilisateur",
    "session.signIn.password": "Mot de passe",
    "session.code": "Code d'authentification",
    "session.signIn.codeHint":
      "Uniquement si vous en avez configuré un : le code à 6 chiffres qu'affiche actuellement votre application d'authentification.",
    "session.signIn": "Se connecter",
    "session.signIn.failed":
      "Échec de la connexion : le nom d'utilisateur, le mot de passe ou le code d'authentification est erroné, ou le compte est verrouillé ou désactivé.",
    "session.error.rateLimited": "Trop de tentatives. Veuillez patienter une minute, puis réessayer.",
    "session.error.network": "Le nœud est injoignable. Veuillez vérifier votre connexion et réessayer.",
    "session.enrol.heading": "Configurer votre second facteur",
    "session.enrol.required":
      "{name}, votre rôle ({role}) exige un second facteur d'authentification. Veuillez le configurer maintenant ; vous pourrez utiliser Rogatory dès sa confirmation.",
    "session.totp.stepApp":
      "Ouvrez une application d'authentification sur un appareil que vous gardez sur vous (téléphone ou jeton matériel).",
    "session.totp.stepKey":
      "Ajoutez un nouveau compte dans l'application avec cette clé, ou collez l'adresse de configuration si l'application l'accepte.",
    "session.totp.secret": "Clé",
    "session.totp.uri": "Adresse de configuration (URI otpauth)",
    "session.totp.stepCode": "Saisissez le code à 6 chiffres qu'affiche l'application, puis confirmez.",
    "session.totp.codeHint":
      "Le code change toutes les 30 secondes ; saisissez celui qui est affiché maintenant.",
    "session.totp.confirm": "Confirmer",
    "session.totp.wrongCode":
      "Le code ne correspond pas. Saisissez le code qu'affiche actuellement votre application.",
    "session.totp.conflict":
      "Cette configuration n'est plus valable : elle a été relancée ailleurs, ou un second facteur est déjà configuré. Rechargez la page et recommencez.",
    "session.totp.alreadyEnabled":
      "Un second facteur est déjà configuré pour votre compte. Pour le remplacer, demandez à un administrateur de le réinitialiser.",
    "session.totp.enabled":
      "Votre second facteur est configuré. Désormais, connectez-vous avec votre mot de passe et le code de votre application.",
    "session.account.name": "Nom",
    "session.account.username": "Nom d'utilisateur",
    "session.account.role": "Rôle",
    "session.account.unit": "Service",
    "session.account.passwordHeading": "Votre mot de passe",
    "session.password.current": "Mot de passe actuel",
    "session.password.new": "Nouveau mot de passe",
    "session.password.again": "Confirmer le nouveau mot de passe",
    "session.password.rule": "Au moins {min} caractères, et différent de votre nom d'utilisateur.",
    "session.password.submit": "Changer le mot de passe",
    "session.password.changed": "Votre mot de passe a été changé. Vos autres sessions ont été fermées.",
    "session.password.tooShort": "Le nouveau mot de passe doit comporter au moins {min} caractères.",
    "session.password.isUsername": "Le nouveau mot de passe ne doit pas être votre nom d'utilisateur.",
    "session.password.unchanged": "Choisissez un nouveau mot de passe différent du mot de passe actuel.",
    "session.password.mismatch": "Les deux saisies du nouveau mot de passe ne correspondent pas.",
    "session.password.wrongCurrent":
      "Le mot de passe actuel est erroné. Des tentatives erronées répétées entraînent le verrouillage du compte.",
    "session.account.factorHeading": "Second facteur",
    "session.account.factorSet":
      "Un second facteur est configuré pour votre compte. Pour le remplacer (en cas de perte de votre téléphone, par exemple), demandez à un administrateur de le réinitialiser.",
    "session.account.noFactor":
      "Aucun second facteur n'est configuré. En ajouter un protège votre compte au cas où votre mot de passe serait divulgué.",
    "session.account.setUpFactor": "Configurer un second facteur",
    "session.ended.heading": "Votre session a pris fin : veuillez vous reconnecter",
    "session.ended.explain":
      "Par mesure de sécurité, vous avez été déconnecté (après une période d'inactivité, ou parce qu'une connexion ou une déconnexion a eu lieu dans une autre fenêtre de ce navigateur). Cet écran et ce que vous y avez saisi sont conservés. Reconnectez-vous, puis appuyez de nouveau sur votre bouton : l'action tentée n'a pas été effectuée.",
    "session.ended.leaveHint":
      "Vous déconnecter à la place ferme cet écran : ce que vous avez saisi sans l'enregistrer sera perdu.",
    "session.unreachable.heading": "Rogatory ne parvient pas à joindre son nœud",
  },
  ru: {
    "session.signIn.heading": "Вход в Rogatory",
    "session.signIn.username": "Имя пользователя",
    "session.signIn.password": "Пароль",
    "session.code": "Код аутентификации",
    "session.signIn.codeHint":
      "Только если вы его настроили: 6-значный код, который сейчас показывает приложение-аутентификатор.",
    "session.signIn": "Войти",
    "session.signIn.failed":
      "Не удалось войти: неверно имя пользователя, пароль или код аутентификации либо учётная запись заблокирована или отключена.",
    "session.error.rateLimited": "Слишком много попыток. Подождите минуту и повторите попытку.",
    "session.error.network": "Не удалось связаться с узлом. Проверьте подключение и повторите попытку.",
    "session.enrol.heading": "Настройка второго фактора",
    "session.enrol.required":
      "{name}, ваша роль ({role}) требует второго фактора аутентификации. Настройте его сейчас; после подтверждения вы сможете работать в Rogatory.",
    "session.totp.stepApp":
      "Откройте приложение-аутентификатор на устройстве, которое всегда при вас (телефон или аппаратный токен).",
    "session.totp.stepKey":
      "Добавьте в приложении новую учётную запись с этим ключом или вставьте адрес настройки, если приложение его принимает.",
    "session.totp.secret": "Ключ",
    "session.totp.uri": "Адрес настройки (otpauth URI)",
    "session.totp.stepCode": "Введите 6-значный код, который показывает приложение, и подтвердите.",
    "session.totp.codeHint": "Код меняется каждые 30 секунд; введите тот, что показан сейчас.",
    "session.totp.confirm": "Подтвердить",
    "session.totp.wrongCode": "Код не совпадает. Введите код, который сейчас показывает приложение.",
    "session.totp.conflict":
      "Эта настройка больше не действительна: она была начата заново в другом месте либо второй фактор уже настроен. Обновите страницу и начните заново.",
    "session.totp.alreadyEnabled":
      "Для вашей учётной записи второй фактор уже настроен. Чтобы заменить его, обратитесь к администратору для сброса.",
    "session.totp.enabled":
      "Второй фактор настроен. Теперь для входа используйте пароль и код из приложения.",
    "session.account.name": "Имя",
    "session.account.username": "Имя пользователя",
    "session.account.role": "Роль",
    "session.account.unit": "Подразделение",
    "session.account.passwordHeading": "Ваш пароль",
    "session.password.current": "Текущий пароль",
    "session.password.new": "Новый пароль",
    "session.password.again": "Подтверждение нового пароля",
    "session.password.rule": "Не менее {min} символов; не должен совпадать с именем пользователя.",
    "session.password.submit": "Сменить пароль",
    "session.password.changed": "Пароль изменён. Остальные ваши сеансы завершены.",
    "session.password.tooShort": "Новый пароль должен содержать не менее {min} символов.",
    "session.password.isUsername": "Новый пароль не должен совпадать с именем пользователя.",
    "session.password.unchanged": "Выберите новый пароль, отличный от текущего.",
    "session.password.mismatch": "Два введённых значения нового пароля не совпадают.",
    "session.password.wrongCurrent":
      "Текущий пароль неверен. При повторных ошибках учётная запись блокируется.",
    "session.account.factorHeading": "Второй фактор",
    "session.account.factorSet":
      "Для вашей учётной записи настроен второй фактор. Чтобы заменить его (например, при утере телефона), обратитесь к администратору для сброса.",
    "session.account.noFactor":
      "Второй фактор не настроен. Он защитит вашу учётную запись, если пароль когда-либо станет известен посторонним.",
    "session.account.setUpFactor": "Настроить второй фактор",
    "session.ended.heading": "Ваш сеанс завершён: войдите снова",
    "session.ended.explain":
      "В целях безопасности сеанс был завершён (после периода бездействия либо потому, что в другом окне этого браузера был выполнен вход или выход). Этот экран и введённые на нём данные сохранены. Войдите в систему, затем снова нажмите нужную кнопку: предпринятое действие не было выполнено.",
    "session.ended.leaveHint":
      "Если вместо этого выйти из системы, этот экран будет закрыт, а введённые и не сохранённые данные будут потеряны.",
    "session.unreachable.heading": "Rogatory не удаётся связаться со своим узлом",
  },
  es: {
    "session.signIn.heading": "Iniciar sesión en Rogatory",
    "session.signIn.username": "Nombre de usuario",
    "session.signIn.password": "Contraseña",
    "session.code": "Código de autenticación",
    "session.signIn.codeHint":
      "Solo si ha configurado uno: el código de 6 dígitos que muestra ahora su aplicación de autenticación.",
    "session.signIn": "Iniciar sesión",
    "session.signIn.failed":
      "No se pudo iniciar sesión: el nombre de usuario, la contraseña o el código de autenticación son incorrectos, o la cuenta está bloqueada o desactivada.",
    "session.error.rateLimited": "Demasiados intentos. Espere un minuto y vuelva a intentarlo.",
    "session.error.network": "No se pudo contactar con el nodo. Compruebe su conexión y vuelva a intentarlo.",
    "session.enrol.heading": "Configure su segundo factor",
    "session.enrol.required":
      "{name}, su función ({role}) exige un segundo factor de autenticación. Configúrelo ahora; podrá utilizar Rogatory en cuanto quede confirmado.",
    "session.totp.stepApp":
      "Abra una aplicación de autenticación en un dispositivo que lleve consigo (un teléfono o un token físico).",
    "session.totp.stepKey":
      "Añada una cuenta nueva en la aplicación con esta clave, o pegue la dirección de configuración si la aplicación la admite.",
    "session.totp.secret": "Clave",
    "session.totp.uri": "Dirección de configuración (URI otpauth)",
    "session.totp.stepCode": "Introduzca el código de 6 dígitos que muestra la aplicación y confirme.",
    "session.totp.codeHint": "El código cambia cada 30 segundos; introduzca el que se muestra ahora.",
    "session.totp.confirm": "Confirmar",
    "session.totp.wrongCode": "El código no coincide. Introduzca el código que muestra ahora su aplicación.",
    "session.totp.conflict":
      "Esta configuración ya no es válida: se inició de nuevo en otro lugar, o ya hay un segundo factor configurado. Vuelva a cargar la página y empiece de nuevo.",
    "session.totp.alreadyEnabled":
      "Su cuenta ya tiene configurado un segundo factor. Para sustituirlo, pida a un administrador que lo restablezca.",
    "session.totp.enabled":
      "Su segundo factor está configurado. A partir de ahora, inicie sesión con su contraseña y el código de su aplicación.",
    "session.account.name": "Nombre",
    "session.account.username": "Nombre de usuario",
    "session.account.role": "Función",
    "session.account.unit": "Unidad",
    "session.account.passwordHeading": "Su contraseña",
    "session.password.current": "Contraseña actual",
    "session.password.new": "Nueva contraseña",
    "session.password.again": "Confirmar la nueva contraseña",
    "session.password.rule": "Al menos {min} caracteres, y distinta de su nombre de usuario.",
    "session.password.submit": "Cambiar la contraseña",
    "session.password.changed": "Su contraseña ha sido cambiada. Se han cerrado sus demás sesiones.",
    "session.password.tooShort": "La nueva contraseña debe tener al menos {min} caracteres.",
    "session.password.isUsername": "La nueva contraseña no debe ser su nombre de usuario.",
    "session.password.unchanged": "Elija una nueva contraseña distinta de la actual.",
    "session.password.mismatch": "Las dos entradas de la nueva contraseña no coinciden.",
    "session.password.wrongCurrent":
      "La contraseña actual es incorrecta. Los intentos erróneos repetidos bloquean la cuenta.",
    "session.account.factorHeading": "Segundo factor",
    "session.account.factorSet":
      "Su cuenta tiene configurado un segundo factor. Para sustituirlo (por ejemplo, si pierde su teléfono), pida a un administrador que lo restablezca.",
    "session.account.noFactor":
      "No hay ningún segundo factor configurado. Añadir uno protege su cuenta en caso de que su contraseña llegue a divulgarse.",
    "session.account.setUpFactor": "Configurar un segundo factor",
    "session.ended.heading": "Su sesión ha finalizado: inicie sesión de nuevo",
    "session.ended.explain":
      "Por razones de seguridad, se cerró su sesión (tras un período de inactividad, o porque alguien inició o cerró sesión en otra ventana de este navegador). Esta pantalla y lo que escribió en ella se conservan. Inicie sesión y vuelva a pulsar su botón: la acción que intentó no se realizó.",
    "session.ended.leaveHint":
      "Si en su lugar cierra la sesión, saldrá de esta pantalla y se perderá lo que escribió sin guardar.",
    "session.unreachable.heading": "Rogatory no puede conectar con su nodo",
  },
};
