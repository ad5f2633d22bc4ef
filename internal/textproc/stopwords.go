package textproc

import (
	"slices"
	"strings"
)

// latinLangs are the Latin-script languages DetectLang can recognise, in a
// fixed order so ties resolve the same way every run.
var latinLangs = []string{"en", "es", "fr", "pt", "de", "it", "nl", "sv", "no", "da", "fi", "tr", "id", "vi", "tl", "sw", "yo", "hu", "ro"}

// stopWords holds short function-word lists per language. They are read-only
// after package initialisation. The lists are deliberately small: TF-IDF
// down-weights the remaining frequent words anyway.
var stopWords = map[string]map[string]bool{}

func init() {
	for lang, words := range stopLists {
		m := make(map[string]bool)
		for _, w := range strings.Fields(words) {
			m[w] = true
		}
		stopWords[lang] = m
	}
}

// IsStopWord reports whether the lower-cased word is a stop word in lang.
func IsStopWord(lang, word string) bool { return stopWords[lang][word] }

// StopWordList returns the stop words of lang, sorted.
func StopWordList(lang string) []string {
	out := make([]string, 0, len(stopWords[lang]))
	for w := range stopWords[lang] {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// HasStopWords reports whether Kindred knows stop words for lang.
func HasStopWords(lang string) bool { return len(stopWords[lang]) > 0 }

var stopLists = map[string]string{
	"en": `a about above after again against all also am an and any are aren as at be because been before being
below between both but by can could couldn d did didn do does doesn doing don down during each even few for from
further had hadn has hasn have haven having he her here hers herself him himself his how however i if in into is
isn it its itself just ll m me might more most must my myself no nor not now o of off on once one only or other
our ours ourselves out over own re s said same say says she should so some such t than that the their theirs them
themselves then there these they this those through to too under until up us ve very was wasn we were weren what
when where which while who whom why will with won would wouldn y yet you your yours yourself yourselves also may
many much well get got go goes going make made like back still way ever every another around often`,
	"es": `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella
ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estaban estado estamos estan
estar estas este esto estos fue fueron fui ha habia han hasta hay la las le les lo los mas me mi mis mucho muchos
muy más ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien quienes qué se sea ser
si sido sin sobre son su sus también tanto te tiene tienen todo todos tu tus un una uno unos y ya él ésta está
están sí también cuál puede pueden según había habían podría solo sólo así cada otro dos tres cuyo sino
algún alguna alguno aquel aquella aquellas aquello aquellos aquí allí ahí ahora antes aún aun además apenas
bajo casi cierto cierta ciertos ciertas cualquier cualquiera cuales cuáles cuanto cuanta cuantos cuantas cómo cuándo
dónde demás dentro desde después entonces esté estén estoy estás estuvo estuvieron fue fuera fueran fuese hacia
haber habrá habría hace hacen hacer hecho hizo hicieron haya hayan he hemos ha has habido incluso luego mediante
menos mientras misma mismas mismo mismos mucha muchas nada nadie ningún ninguna ninguno nuestra nuestras nuestro
nuestros nunca obstante ante pues quizás sea sean será serán sería serían siempre siendo sido sino sobre somos
soy suya suyo tal tales tampoco tan tanta tantas tantos tener tenga tengan tenía tenían tengo través tras todavía
toda todas usted ustedes va van vez veces vosotros ya yo ello ellos cuya cuyas cuyos dicho dicha puede pudo
podía podían poder debe deben debido dio dieron da dan dar`,
	"fr": `a au aux avec ce ces cet cette dans de des du elle elles en est et été être eu il ils je la le les leur
leurs lui ma mais me même mes moi mon ne nos notre nous on ont ou où par pas pour qu que qui sa se ses son sont
sur ta te tes toi ton tu un une vos votre vous y à ça c d j l m n s t était étaient sont ont aussi plus peut
peuvent comme très tout tous toute toutes entre sans sous après avant donc ainsi
ai aie aient aies ait as avaient avais avait avez aviez avions avoir avons ayant ayez ayons eu eue eues
eûmes eûrent eus eut eux fûmes furent fus fut étais était étant étiez étions êtes être serai seraient serais serait
seras serez seriez serions serons seront sois soient soit sommes soyez soyons suis afin alors assez aucun aucune
aujourd autre autres aussi autant auprès beaucoup bien car ceci cela celle celles celui ceux chaque chez ci contre
dont déjà depuis desquels desquelles dès elle-même encore enfin ensuite environ hui ici jamais jusqu jusque
laquelle lequel lesquels lesquelles lorsque lorsqu mêmes moins notamment nos parce parmi pendant peu plupart
plusieurs pourtant presque puis puisque quand quel quelle quelles quels quelque quelques qu quoi sera seront
selon si sinon soit tandis tant tel telle telles tels toujours toutefois trop vers via voici voilà doit doivent
devrait devraient faut font fait faire peut-être pu pourrait pourraient veut vont va`,
	"pt": `a ao aos as até com como da das de dela dele deles do dos e ela elas ele eles em entre era eram essa
esse esta este eu foi foram há isso isto já lhe mais mas me mesmo meu minha muito na nas nem no nos nós num numa
não o os ou para pela pelas pelo pelos por qual quando que quem se sem ser seu seus sua suas são só também te tem
têm um uma umas uns você à às é está estão pode podem ter sobre ainda
algum alguma algumas alguns ali antes apenas aquela aquelas aquele aqueles aquilo aqui assim através
cada coisa contra cujo cuja cujos cujas depois desde deste desta destes destas disso disto dessa desse dessas
desses enquanto então essas esses estas estes estava estavam esteja estejam estive esteve estiveram estou fosse
fossem havia houve isso lá mesma mesmas mesmos muita muitas muitos nada nenhum nenhuma nesse nessa neste nesta
nisso ninguém nosso nossa nossos nossas outra outras outro outros pois porque porém pouco poucos próprio quais
qualquer quanto quase quem seja sejam sempre sendo será serão seria seriam si sido sob somos sou tal tais também
tanto tão teve tinha tinham todo todos toda todas tudo vai vão vez vezes ter tido tendo terá teria`,
	"de": `aber alle allem allen aller alles als also am an auch auf aus bei bin bis bist da damit dann das dass
dem den der des dich die dir doch du durch ein eine einem einen einer eines er es etwas für hat hatte hatten
ich ihm ihn ihnen ihr ihre im in ist ja jede jedem jeden jeder jedes kann kein keine man mehr mein meine mich mir
mit muss nach nicht noch nur ob oder ohne sehr sein seine sich sie sind so über um und uns unter vom von vor war
waren was weil wenn werden wie wir wird wo zu zum zur zwischen wurde wurden können kann diese dieser dieses
ab allerdings andere anderen anderer anderes anders bereits beim bevor bin bisher bzw dabei dadurch
dafür dagegen daher damals danach daran darauf daraus darin darüber darum davon dazu dein deine deinem deinen
deiner dem denen denn dennoch deren derer dessen dies dieselbe diesem diesen dort dürfen einige einigen einiger
einiges einmal entweder etwa euch euer eure gegen gewesen habe haben hast hätte hätten hier hin hinter ihrem
ihren ihrer ihres indem ins irgendwie jedoch jene jenem jenen jener jetzt kannst keinem keinen keiner konnte
konnten könnte könnten mache machen macht manche manchen mehrere meisten meist meinem meinen meiner musste
mussten müssen nachdem neben nichts nie niemand nun oben obwohl oft seid seinem seinen seiner seit seitdem
selbst sodass solche solchen soll sollen sollte sollten sondern sowie sowohl statt trotz über überhaupt unser
unsere unserem unseren unserer viel viele vielen vielleicht während warum weder wegen weiter welche welchem
welchen welcher welches wem wen wenig wenige wer werde wessen wieder will wollen wollte worden würde würden
zudem zwar gibt gab geben ganz etwa bzw sowie`,
	"it": `a ad al alla alle allo anche che chi ci come con da dal dalla dei del della delle dello di e ed era
essere è gli ha hanno i il in la le lo loro ma mi nei nel nella non o per più quale quando quello questa questo
se si sono su sua sue suo suoi tra un una uno`,
	"nl": `aan al als bij dan dat de den der deze die dit door een en er had heb heeft het hij hoe hun ik in is
je kan maar me met mij na naar niet nog nu of om ook op over te tot u uit van veel voor was wat we wel werd
wie wij worden wordt zal ze zich zij zijn zo`,
	"sv": `och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man
när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra`,
	"no": `og i det som en på er av for med til den har de ikke om et han men var jeg seg fra vi så kan man når
år sier hun under også etter eller nå sin der ved mot skal skulle kommer ut får finnes være hadde alle andre`,
	"da": `og i det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde
ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når`,
	"fi": `ja on ei se että oli hän ovat mutta kun tai myös sen ne niin joka jos sitä ole mitä vain kuin tämä
ovat olla ollut hänen heidän me te he minä sinä`,
	"tr": `ve bir bu da de için ile olarak daha çok en gibi ama veya ne o şu her kadar sonra ise mi mu ki`,
	"id": `yang dan di ke dari ini itu untuk dengan pada adalah dalam tidak akan juga atau oleh sebagai ada
mereka kami kita saya ia dia telah sudah bisa lebih`,
	"vi": `và của là có được cho các những trong một với không này đã người khi để từ thì cũng như về ra vào
nhiều đến lại theo sẽ tại do bị hay nên còn mà nhưng đó họ rằng`,
	"tl": `ang ng sa na at mga ay si ni kay para hindi may mayroon ito iyon siya sila kami tayo ako ka niya nila
kung dahil pero o rin din lamang lang ng mga nang ano`,
	"sw": `na ya wa za kwa ni la katika cha vya kuwa hiyo hii huo ili lakini au pia kama wao yeye sisi mimi
ambayo ambao baada kabla bado sana zaidi hizo kutoka hadi
ambaye ambayo ambao ambacho ambavyo ambazo ambapo ambako ambamo huwa hiki hivi hicho hivyo hizi hili
haya hayo hilo huyu huyo hao hawa hapa hapo huko kule pale yule wale ile kile vile zile lile yale mnamo dhidi
kadhaa mojawapo pengine takriban takribani tu tena basi hata bila kwamba kutoka hadi mpaka juu chini ndani nje
pamoja kabla baada wakati kila wote yote zote vyote kote pote sisi nyinyi ninyi wewe yeye wao mimi yako yake
yangu yetu yenu yao wake wangu wetu wenu wao zake zao chake chao vyake vyao lake lao kwake kwao kwenye katika
ndiyo ndio siyo sio si hakuna kuna kulikuwa alikuwa walikuwa ilikuwa itakuwa atakuwa watakuwa anaweza wanaweza
inaweza unaweza kuweza nyingi nyingine mwingine wengine wengi mengi mengine kingine vingine jingine lingine
mmoja moja sana zaidi kama ili au lakini ingawa iwapo ikiwa endapo kwa hiyo hivyo ni na ya wa za la cha vya
kwa katika pia hii huu hawa iliyo aliye walio ambalo`,
	"yo": `ni ti si àti sí tí ó wọ́n mo o a fún pé kò láti tàbí nínú jẹ́ ń yìí náà rẹ̀ wa àwọn kan lè
ati si ti o won ko fun pe lati tabi ninu je yi naa re awon ni ma ba lo se pelu bi wa ka yoo ki sugbon
nitori ohun eyi eyiti ibi gbogbo kan le maa lati lori sinu inu`,
	"hu": `a az és egy hogy nem is van volt meg de ez csak már mint még ki el ha vagy fel mert sem pedig`,
	"ro": `și în de la a cu pe din care este nu o un mai sunt ce se pentru fi ca sau au fost`,
	"ru": `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего
раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
нее были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им
более всегда конечно всю между это также
бы был была были было быть будут будет будем весь вся всё все всех всем всеми вообще который которая
которое которые которого которой котором которых которым которыми который также тоже такой такая такое такие
таких этих этим этими этой этому эта эти это этот этого этом кроме между около после перед через среди вместо
вокруг поэтому потому однако хотя если чтобы либо или ещё еще уже лишь только даже очень более менее самый самая
самое самые свой своя своё свои своих своим его её ее их им ими ему нему него ней нее нём нем они оно она он мы
вы ты я где когда как так там тут здесь куда откуда почему зачем каждый каждая каждое каждые любой любая многие
многих несколько является являются может могут можно нужно должен должна должны
можете может могут мог могла могли могло сможете сможет имеют имеет иметь нам вам тех тем том той двух трех трёх один одна одно одни`,
	"ar": `في من على إلى عن مع أن إن كان كانت هذا هذه ذلك التي الذي الذين ما لا لم لن قد هو هي هم كما أو ثم بين
عند كل بعض غير حتى أي إذا لقد و ب ل ف تم وقد وفي ومن أنه فيها منها عليها
إلا أما أيضا أيضاً بعد قبل خلال حيث حين بين تحت فوق عندما منذ لدى لكن لكن ولكن أنها أنهم أنّ إنّ التي
الذي اللذين اللتين اللواتي اللاتي الذين هناك هنا هؤلاء أولئك تلك ذلك هذان هاتان كذلك كلا كلتا نحو عبر ضمن دون
سوى مثل غير بسبب لأن لان إذ إذا لو كي حتى ثم أم بل قد لقد سوف يكون تكون كان كانت كانوا يكونون ليس ليست لست
أن إن أنه إنه أنا أنت نحن هو هي هم هن هما أي أين كيف متى ماذا لماذا لما مما ممن عما فيما بينما كلما وهو وهي
وهم وكان وكانت ويكون فإن وإن وأن بأن لأن كما وما ولا ولم فقد وقد عن على إلى من في مع عند بعض كل جميع معظم أكثر
أقل بها به لها له لهم منه منها فيه عليه إليه إليها عنه عنها معه بينهم
أخرى الأخرى الآخر الآخرى آخر الرغم بالرغم رغم كنت كنا قال قالت سبيل بواسطة يوجد توجد أنحاء الأكثر يزال تزال ضد والذي والتي وذلك إحدى أحد فمن بك ينبغي يمكن يمكنك تم أيضا`,
	"hi": `का की के में है और से को पर यह एक ने भी हैं था थे थी कि जो तो ही या इस उस वह वे इन उन कर गया गई
गए होता होती होते हो रहा रही रहे लिए साथ बाद तक कुछ अपने अपनी नहीं जब तब यदि लेकिन द्वारा करता करती करते
करने करना किया किए दिया दी दिए हुआ हुई हुए सकता सकती सकते जाता जाती जाते जा वाले वाली वाला उनके उनकी उसके उसकी
इसके इसकी किसी कोई आप तरह ज़्यादा ज्यादा अधिक बहुत कहा जैसे सभी अब
अगर आपको आपके आपका आपकी उन्होंने उन्हें उसे इसे इसमें उसमें इनमें उनमें जिस जिसे जिसके जिसकी जिसका
जिससे जिनमें जिनके जिनकी जिनका जहाँ जहां वहाँ वहां यहाँ यहां कहाँ कहां दौरान फिर बार चाहिए सबसे हालाँकि
हालांकि क्योंकि इसलिए तथा एवं व या फिर भी मगर परंतु परन्तु किंतु किन्तु जबकि तो ही भी तक से में पर के की का
को ने लिए हेतु द्वारा बिना साथ बाद पहले ऊपर नीचे अंदर बाहर पास दूर सब सभी हर कई कुछ कोई किसी कौन क्या कब कैसे
कितना कितने कितनी ऐसे ऐसी ऐसा वैसे जैसे जैसी जैसा होगा होगी होंगे हों हो होकर होने होना होता होती होते
हुआ हुई हुए था थी थे है हैं रहा रही रहे रहें गया गई गए गयी दिया दी दिए लिया ली लिए ले दे कर करके करें
करेगा करेंगे करेगी किया की किए सकता सकती सकते सके वह वे यह ये उस उन इस इन उसका उसकी उसके उनका उनकी उनके
इसका इसकी इसके इनका इनकी इनके अपना अपनी अपने मैं हम तुम आप मेरा मेरी मेरे हमारा हमारी हमारे तौर बात
आस पास करीब खास काफ़ी काफी ज़्यादातर ज्यादातर वजह आमतौर दूसरी दूसरा दूसरे`,
	"bn": `এবং ও এই যে সে তার তা করে হয় ছিল থেকে জন্য একটি এক না কিন্তু বা হয়েছে করা তিনি তারা এর সঙ্গে
সাথে দিয়ে পর মধ্যে কোন কোনো আর এটি সেই হবে যা`,
	"zh": `的 了 是 在 和 也 有 我们 它们 他们 你们 我 你 他 她 它 这 那 这个 那个 一个 可以 如果 可能 因为 所以 但是 而且
以及 或者 就 都 而 及 与 对 从 到 被 把 让 将 其 这些 那些 没有 不是 以 为 之 等 还 很 更 最 会 能 要 并 并且 通常 其中 已经`,
	"ko": `그 이 저 것 수 등 및 더 또 그리고 하지만 그러나 또는 있는 있다 한 할 하는 했다 된 되는 위해`,
}
