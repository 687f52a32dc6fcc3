# Catalog definitions for convlens Scenarios/ (source of the JSON files).
S = []

def add(name, **kw):
    S.append((name, kw))

DUM_IN = [[3,3,2,1,0],[0,0,1,3,1],[3,1,2,2,3],[2,0,0,2,2],[2,0,0,0,1]]
DUM_K = [[0,1,2],[2,2,0],[0,1,2]]

add("01-no-padding",
    title={"en": "No padding, no strides", "zh": "无填充、无步长"},
    notes={"en": "The 3×3 kernel slides over the 4×4 input one cell at a time. Each output is the sum of nine products, with the kernel not flipped: deep learning's \"convolution\" is cross-correlation. W2 = (4 − 3 + 2⋅0)/1 + 1 = 2: without padding, every layer shrinks the image.",
           "zh": "3×3 的卷积核在 4×4 的输入上每次移动一格,始终不越出边界。每个输出值是九个乘积之和,卷积核不翻转:深度学习里的“卷积”其实是互相关。W2 = (4 − 3 + 2⋅0)/1 + 1 = 2,输出为 2×2:不加填充,每经过一层,特征图就变小一圈。"},
    topic="padding", op="conv",
    input=[[r[:4] for r in DUM_IN[:4]]],
    kernel=[[DUM_K]])

add("02-arbitrary-padding",
    title={"en": "Arbitrary padding: 4×4 kernel, padding 2", "zh": "任意填充:4×4 卷积核,填充 2"},
    notes={"en": "Two rings of zeros surround the 5×5 input, so the 4×4 kernel can hang over the border. W2 = (5 − 4 + 2⋅2)/1 + 1 = 6: with enough padding the output is larger than the input. In the corners only four real cells are under the kernel.",
           "zh": "5×5 的输入外面围了两圈零填充,4×4 的卷积核可以伸出边界。W2 = (5 − 4 + 2⋅2)/1 + 1 = 6:填充足够多时,输出甚至比输入还大。在四个角上,卷积核下只有四个真实的输入格。"},
    topic="padding", op="conv", padding=2,
    input=[[[1,2,0,1,3],[0,1,3,2,1],[2,0,1,0,2],[1,3,2,1,0],[0,1,0,2,1]]],
    kernel=[[[[1,0,2,0],[0,1,0,1],[2,0,1,0],[0,1,0,0]]]])

add("03-same-padding",
    title={"en": "Half (same) padding", "zh": "半填充(same 填充)"},
    notes={"en": "Same padding: one ring of zeros for a 3×3 kernel, P = ⌊k/2⌋ = 1. W2 = (5 − 3 + 2⋅1)/1 + 1 = 5, so the output keeps the input's size. That is why a network can stack many 3×3 layers without the image shrinking.",
           "zh": "same 填充:3×3 的卷积核配一圈零填充,P = ⌊k/2⌋ = 1。W2 = (5 − 3 + 2⋅1)/1 + 1 = 5,输出与输入大小相同。所以网络可以堆叠许多 3×3 卷积层,而特征图不会缩小。"},
    topic="padding", op="conv", padding="same",
    input=[[[0,1,2,1,0],[1,3,1,0,2],[2,0,1,2,1],[1,2,0,3,0],[0,1,1,0,2]]],
    kernel=[[[[1,0,2],[0,1,0],[1,0,0]]]])

add("04-full-padding",
    title={"en": "Full padding", "zh": "全填充"},
    notes={"en": "Full padding: P = F − 1 = 2, so every position where the kernel overlaps the input by at least one cell is visited. W2 = (5 − 3 + 2⋅2)/1 + 1 = 7. Now every input cell, even a corner one, meets all nine weights.",
           "zh": "全填充:P = F − 1 = 2,只要卷积核与输入至少重叠一格,该位置就会被访问。W2 = (5 − 3 + 2⋅2)/1 + 1 = 7。现在每个输入格,连角上的格子,都会与全部九个权重各相乘一次。"},
    topic="padding", op="conv", padding="full",
    input=[[[1,0,0,2,1],[0,2,1,0,0],[3,0,1,1,2],[0,1,2,0,1],[2,0,0,1,0]]],
    kernel=[[[[0,1,0],[1,2,0],[0,0,1]]]])

add("05-strides",
    title={"en": "Stride 2, no padding", "zh": "步长 2,无填充"},
    notes={"en": "Stride 2: the window jumps two cells at a time, to the right and then down. W2 = (5 − 3 + 2⋅0)/2 + 1 = 2, so only four positions are left. A large stride downsamples the image, much like pooling, and needs fewer multiplications.",
           "zh": "步长为 2:窗口每次向右(再向下)跳两格。W2 = (5 − 3 + 2⋅0)/2 + 1 = 2,只剩下四个位置。大步长相当于下采样,作用类似池化,乘法次数也更少。"},
    topic="stride", op="conv", stride=2,
    input=[[[2,0,1,3,1],[1,2,0,1,0],[0,1,3,0,2],[3,0,1,2,1],[1,2,0,1,0]]],
    kernel=[[[[1,1,0],[0,2,0],[1,0,1]]]])

add("06-padding-strides",
    title={"en": "Padding 1, stride 2", "zh": "填充 1,步长 2"},
    notes={"en": "The ring of zeros (░) lets the kernel reach the border cells. With stride 2 the window jumps two cells at a time, so a 5×5 input gives a 3×3 output: W2 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3.",
           "zh": "一圈零填充(░)让卷积核能够到达边界上的格子。步长为 2 时窗口每次跳两格,所以 5×5 的输入得到 3×3 的输出:W2 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3。"},
    topic="stride", op="conv", stride=2, padding=1,
    input=[DUM_IN],
    kernel=[[DUM_K]])

add("07-padding-strides-odd",
    title={"en": "Padding 1, stride 2, odd case (6×6)", "zh": "填充 1,步长 2:除不尽的情形(6×6)"},
    notes={"en": "Padded, the input is 8×8, and (6 + 2⋅1 − 3)/2 = 2.5 is not whole: the floor drops the half step, W2 = ⌊2.5⌋ + 1 = 3. The last padding row and column are never covered, so a 5×5 and a 6×6 input give the same 3×3 output.",
           "zh": "填充后输入为 8×8,而 (6 + 2⋅1 − 3)/2 = 2.5 不是整数:向下取整,丢掉半步,W2 = ⌊2.5⌋ + 1 = 3。最后一行和最后一列填充从未被覆盖,所以 5×5 和 6×6 的输入得到同样 3×3 的输出。"},
    topic="stride", op="conv", stride=2, padding=1,
    input=[[[1,0,2,1,0,3],[2,1,0,0,1,1],[0,3,1,2,0,0],[1,0,0,1,2,1],[3,1,2,0,1,0],[0,2,1,1,0,2]]],
    kernel=[[[[1,2,0],[0,1,0],[1,0,1]]]])

add("08-dilation",
    title={"en": "Dilated (atrous) convolution, dilation 2", "zh": "空洞卷积(扩张率 2)"},
    notes={"en": "A 2-dilated kernel: still nine weights, with a hole of one cell between taps, so it spans 5×5. Effective size d(F − 1) + 1 = 5, and W2 = 7 − 5 + 1 = 3. The skipped cells (holes) cost nothing: a wider view without more parameters.",
           "zh": "扩张率为 2 的空洞卷积:仍然只有九个权重,相邻采样点之间隔一个空洞,覆盖 5×5 的范围。等效尺寸 d(F − 1) + 1 = 5,W2 = 7 − 5 + 1 = 3。被跳过的格子(空洞)不参与计算:不增加参数量就能看得更远。"},
    topic="dilation", op="conv", dilation=2,
    input=[[[2,0,1,3,0,1,2],[1,1,0,2,1,0,3],[0,2,3,1,0,2,1],[3,0,1,0,2,1,0],[1,2,0,1,3,0,2],[0,1,2,0,1,1,0],[2,0,1,3,0,2,1]]],
    kernel=[[[[1,0,2],[0,1,0],[1,0,0]]]])

add("09-multi-channel",
    title={"en": "Multi-channel: merge and bias", "zh": "多通道:合并与偏置"},
    notes={"en": "Each kernel of the filter slides over its own input channel and gives a partial sum. The three partial sums are merged into one channel, then the bias is added: 7 + 5 + 7 + 1 = 20 at the first position. One filter gives one output channel.",
           "zh": "滤波器的每个卷积核在各自的输入通道上滑动,得到一个部分和。三个部分和汇成一个通道,再加上偏置:第一个位置是 7 + 5 + 7 + 1 = 20。不论输入有几个通道,一个滤波器只输出一个通道。"},
    topic="channels", op="conv",
    input=[[[1,0,2,1,0],[0,1,1,2,1],[2,0,1,0,1],[1,2,0,1,0],[0,1,1,0,2]],
           [[0,1,1,2,2],[1,0,2,0,1],[1,1,0,1,0],[2,0,1,0,1],[0,2,0,1,1]],
           [[2,2,0,1,0],[1,1,0,0,2],[0,1,2,1,1],[1,0,1,2,0],[2,1,0,0,1]]],
    kernel=[[[[1,0,1],[0,1,0],[1,0,1]],
             [[0,1,0],[1,0,1],[0,1,0]],
             [[1,1,0],[0,1,0],[0,0,1]]]],
    bias=[1])

add("10-several-filters",
    title={"en": "Several filters: D2 = K", "zh": "多个滤波器:D2 = K"},
    notes={"en": "Three filters, each with one 3×3 kernel per input channel and its own bias. Each filter makes one output channel, so the output depth is D2 = K = 3, whatever C is. Parameters: K⋅(F⋅F⋅C + 1) = 3⋅(3⋅3⋅2 + 1) = 57.",
           "zh": "三个滤波器,每个滤波器对每个输入通道各有一个 3×3 卷积核,还有自己的偏置。每个滤波器输出一个通道,所以输出深度 D2 = K = 3,与输入通道数 C 无关。参数量:K⋅(F⋅F⋅C + 1) = 3⋅(3⋅3⋅2 + 1) = 57。"},
    topic="channels", op="conv",
    input=[[[1,2,0,1],[0,1,3,2],[2,0,1,1],[1,3,0,2]],
           [[0,1,1,0],[2,0,1,3],[1,2,0,1],[0,1,2,0]]],
    kernel=[[[[1,0,-1],[1,0,-1],[1,0,-1]], [[0,0,0],[0,1,0],[0,0,0]]],
            [[[1,1,1],[0,0,0],[-1,-1,-1]], [[0,1,0],[1,0,1],[0,1,0]]],
            [[[0,0,0],[0,1,0],[0,0,0]], [[2,0,0],[0,1,0],[0,0,0]]]],
    bias=[0, 1, -1])

add("11-receptive-field",
    title={"en": "Receptive field: dilations 1, 2, 4", "zh": "感受野:扩张率 1、2、4"},
    notes={"en": "Three 3×3 layers with dilations 1, 2, 4: the receptive field grows 3 → 7 → 15, as RF = RF_prev + (F − 1)⋅d. Three plain 3×3 layers reach only 3 → 5 → 7, linear in the number of layers; dilation grows it exponentially, with nine weights per layer.",
           "zh": "三层 3×3 卷积,扩张率依次为 1、2、4:感受野按 RF = RF_前 + (F − 1)⋅d 增长为 3 → 7 → 15。三层普通 3×3 卷积只能达到 3 → 5 → 7,与层数成线性关系;空洞卷积的感受野呈指数级增长,每层仍只有九个权重。"},
    topic="receptive_field", op="conv", dilation=2,
    input=[[[1,2,0,1,0,2,1],[0,1,1,0,2,0,1],[2,0,1,2,1,0,0],[1,1,0,1,0,2,1],[0,2,1,0,1,1,2],[1,0,2,1,0,1,0],[2,1,0,0,2,0,1]]],
    kernel=[[[[1,1,1],[1,1,1],[1,1,1]]]],
    receptive_field={"layers": [{"kernel": 3, "dilation": 1}, {"kernel": 3, "dilation": 2}, {"kernel": 3, "dilation": 4}],
                     "compare": [{"kernel": 3}, {"kernel": 3}, {"kernel": 3}]})

add("12-weight-sharing",
    title={"en": "Weight sharing: 20 parameters instead of 1184", "zh": "权值共享:20 个参数对 1184 个"},
    notes={"en": "Both 3×3 filters are reused at all 16 positions: 2⋅(3⋅3⋅1 + 1) = 20 parameters in all. A fully connected layer from the same 36 inputs to the same 32 outputs needs 36⋅32 + 32 = 1184. And a shared filter finds its edge anywhere in the image.",
           "zh": "两个 3×3 滤波器在全部 16 个位置上重复使用:一共只有 2⋅(3⋅3⋅1 + 1) = 20 个参数。把同样的 36 个输入映射到同样的 32 个输出,全连接层需要 36⋅32 + 32 = 1184 个参数。权值共享大大减少了参数量,同一个滤波器在图像任何位置都能找到它的边缘。"},
    topic="weight_sharing", op="conv",
    input=[[[0,0,1,2,2,2],[0,0,1,2,2,2],[0,0,1,2,2,2],[1,1,1,1,1,1],[2,2,2,0,0,0],[2,2,2,0,0,0]]],
    kernel=[[[[-1,0,1],[-1,0,1],[-1,0,1]]],
            [[[-1,-1,-1],[0,0,0],[1,1,1]]]],
    bias=[1, -1])

add("13-transposed-deconv1",
    title={"en": "Transposed conv: 2×2 → 4×4 (deconvolution1)", "zh": "转置卷积:2×2 → 4×4(deconvolution1)"},
    notes={"en": "Transposed convolution (deconvolution): each input cell stamps a copy of the kernel scaled by its value, and overlapping stamps add. W2 = S(W1 − 1) + F − 2P = 1⋅(2 − 1) + 3 − 0 = 4. It undoes the shape of a 4×4 → 2×2 convolution, not its values.",
           "zh": "转置卷积(反卷积):每个输入格把按自身数值缩放的卷积核印到输出上,重叠的地方相加。W2 = S(W1 − 1) + F − 2P = 1⋅(2 − 1) + 3 − 0 = 4。它还原的是 4×4 → 2×2 卷积的形状,而不是数值。"},
    topic="transposed", op="transposed",
    input=[[[1,2],[3,1]]],
    kernel=[[[[1,0,2],[0,1,0],[1,1,0]]]])

add("14-transposed-deconv2",
    title={"en": "Transposed conv, S 2, P 1 (deconvolution2)", "zh": "转置卷积:步长 2,填充 1(deconvolution2)"},
    notes={"en": "Stride 2 puts the stamps two cells apart; where they overlap the values add. The 7×7 result is then cropped by P = 1 on each side: W2 = 2⋅(3 − 1) + 3 − 2⋅1 = 5. Upsampling (zeros between the cells) and then an ordinary convolution with the kernel flipped gives the same result.",
           "zh": "步长为 2 时,相邻的印记相隔两格,重叠处的值相加。得到的 7×7 结果再在每边裁掉 P = 1:W2 = 2⋅(3 − 1) + 3 − 2⋅1 = 5。先上采样(在格子之间插入零)再用翻转后的卷积核做普通卷积,结果完全相同。"},
    topic="transposed", op="transposed", stride=2, padding=1,
    input=[[[1,2,1],[0,1,2],[2,1,0]]],
    kernel=[[[[1,0,2],[0,1,0],[1,0,1]]]])

add("15-transposed-output-padding",
    title={"en": "Transposed conv with output_padding: 3×3 → 6×6", "zh": "带 output_padding 的转置卷积:3×3 → 6×6"},
    notes={"en": "A stride-2 conv maps both 5×5 and 6×6 to 3×3 (see the odd case), so the way back is ambiguous. output_padding = 1 keeps one more row and column at the bottom/right: W2 = 2⋅(3 − 1) + 3 − 2⋅1 + 1 = 6. It only picks the size; it adds no weights.",
           "zh": "步长为 2 的卷积会把 5×5 和 6×6 的输入都变成 3×3(见除不尽的情形),反过来就有歧义。output_padding = 1 在下方和右侧多保留一行一列:W2 = 2⋅(3 − 1) + 3 − 2⋅1 + 1 = 6。它只决定输出尺寸,不增加任何权重。"},
    topic="transposed", op="transposed", stride=2, padding=1, output_padding=1,
    input=[[[1,0,2],[2,1,0],[0,1,1]]],
    kernel=[[[[1,2,0],[0,1,0],[1,0,1]]]])

add("16-transposed-channels",
    title={"en": "Transposed conv: 2 → 2 channels, upsample ×2", "zh": "多通道转置卷积:2 → 2 通道,上采样 2 倍"},
    notes={"en": "Each filter has one 2×2 kernel per input channel; every input cell stamps its scaled kernel, stride 2 puts the stamps side by side, and the stamps of both channels are summed, plus bias. W2 = 2⋅(2 − 1) + 2 − 0 = 4, D2 = K = 2.",
           "zh": "每个滤波器对每个输入通道各有一个 2×2 卷积核;每个输入格印下缩放后的卷积核,步长 2 使印记恰好并排,两个通道的印记相加,再加上偏置。W2 = 2⋅(2 − 1) + 2 − 0 = 4,D2 = K = 2。"},
    topic="transposed", op="transposed", stride=2,
    input=[[[1,2],[0,1]], [[2,0],[1,1]]],
    kernel=[[[[1,0],[0,1]], [[0,1],[1,0]]],
            [[[1,1],[0,0]], [[0,0],[1,2]]]],
    bias=[0, 1])

add("17-checkerboard-k3-s2",
    title={"en": "Checkerboard: kernel 3, stride 2 (uneven)", "zh": "转置卷积的棋盘格:卷积核 3,步长 2(不均匀)"},
    notes={"en": "Kernel 3, stride 2: 3 is not a multiple of 2, so the stamps overlap on every second row and column only. Per axis the counts alternate 1, 2; cells get 1, 2 or 4 contributions: a checkerboard. With input and kernel all ones, the output is this map. Compare 18.",
           "zh": "卷积核 3、步长 2:3 不是 2 的倍数,印记只在每隔一行、每隔一列处重叠。每个轴上的次数交替为 1、2,各格得到 1、2 或 4 次贡献:棋盘格。输入和卷积核全为 1 时,输出就是这张图。对比 18。"},
    topic="checkerboard", op="transposed", stride=2,
    input=[[[1,1,1],[1,1,1],[1,1,1]]],
    kernel=[[[[1,1,1],[1,1,1],[1,1,1]]]])

add("18-checkerboard-k4-s2",
    title={"en": "No checkerboard: kernel 4, stride 2 (even)", "zh": "转置卷积无棋盘格:卷积核 4,步长 2(均匀)"},
    notes={"en": "Kernel 4, stride 2, padding 1: 4 is a multiple of 2, so away from the border every row and column receives 2 stamps and every inner cell 4: no checkerboard. Kernel 2, stride 2 (scenario 16) never overlaps. Pick F divisible by S, or resize and then convolve.",
           "zh": "卷积核 4、步长 2、填充 1:4 是 2 的倍数,远离边界时每行、每列都收到 2 个印记,内部每格 4 次:没有棋盘格。卷积核 2、步长 2(场景 16)完全不重叠。应让 F 能被 S 整除,或者先缩放再卷积。"},
    topic="checkerboard", op="transposed", stride=2, padding=1,
    input=[[[1,1,1],[1,1,1],[1,1,1]]],
    kernel=[[[[1,1,1,1],[1,1,1,1],[1,1,1,1],[1,1,1,1]]]])
